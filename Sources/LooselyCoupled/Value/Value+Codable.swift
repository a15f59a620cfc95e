extension Value: Codable {
    /// Decodes whatever value the decoder holds: null, bool, number, string, array or object.
    ///
    /// From ``ValueDecoder`` the value is taken as it is. From another decoder the kinds are
    /// tried in that order, so a number that is whole may come back as `.int`.
    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? ValueDecoderImpl {
            self = decoder.value
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let int = try? container.decode(Int.self) {
            self = .int(int)
        } else if let double = try? container.decode(Double.self) {
            self = .double(double)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let elements = try? container.decode([Value].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode(Object.self))
        }
    }

    /// Encodes this value as the kind it is.
    public func encode(to encoder: any Encoder) throws {
        if let encoder = encoder as? ValueEncoderImpl {
            encoder.node.setSingle(self)
            return
        }
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let bool): try container.encode(bool)
        case .int(let int): try container.encode(int)
        case .double(let double): try container.encode(double)
        case .string(let string): try container.encode(string)
        case .array(let elements): try container.encode(elements)
        case .object(let members): try container.encode(members)
        }
    }
}

extension Value {
    /// Encodes a typed value, such as a module's result struct, with ``ValueEncoder``.
    ///
    /// ```swift
    /// let result = try Value(encoding: Reading(sensor: "bme280", celsius: 21.5))
    /// ```
    ///
    /// - Parameter value: The value to encode.
    /// - Throws: `EncodingError` for an integer beyond `Int`'s range, or what `value`'s own
    ///   `encode(to:)` throws.
    public init<T: Encodable>(encoding value: T) throws {
        self = try ValueEncoder().encode(value)
    }

    /// Decodes this value into a typed value, such as a module's arguments struct, with
    /// ``ValueDecoder``.
    ///
    /// ```swift
    /// let arguments = try payload.decode(PulseArguments.self)
    /// ```
    ///
    /// - Parameter type: The type to decode; inferred when the context gives it.
    /// - Throws: ``ValueDecodingError`` naming the key path and the problem, as
    ///   `items[2].name: expected string, got null`.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try ValueDecoder().decode(type, from: self)
    }
}
