extension Value.Object: Codable {
    /// Decodes an object's members. From ``ValueDecoder`` the members are taken as they are, in
    /// order; another decoder gives them in the order of its `allKeys`.
    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? ValueDecoderImpl {
            guard case .object(let members) = decoder.value else {
                throw ValueDecodingError(
                    .typeMismatch, at: decoder.codingPath, "expected object, got \(decoder.value.summary)")
            }
            self = members
            return
        }
        let container = try decoder.container(keyedBy: ValueCodingKey.self)
        self.init(minimumCapacity: container.allKeys.count)
        for key in container.allKeys {
            self[key.stringValue] = try container.decode(Value.self, forKey: key)
        }
    }

    /// Encodes the members in order.
    public func encode(to encoder: any Encoder) throws {
        if let encoder = encoder as? ValueEncoderImpl {
            encoder.node.setSingle(.object(self))
            return
        }
        var container = encoder.container(keyedBy: ValueCodingKey.self)
        for (key, value) in self {
            try container.encode(value, forKey: ValueCodingKey(stringValue: key))
        }
    }
}
