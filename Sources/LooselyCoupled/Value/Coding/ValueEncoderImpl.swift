/// The `Encoder` that ``ValueEncoder`` hands to `encode(to:)`, for one value at one coding path.
final class ValueEncoderImpl: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]

    init(node: EncodingNode = EncodingNode(), codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: Any]) {
        self.node = node
        self.codingPath = codingPath
        self.userInfo = userInfo
    }

    /// Encodes `value` found at `codingPath` to a finished ``Value``.
    static func box<T: Encodable>(_ value: T, at codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: Any]) throws
        -> Value
    {
        if T.self == Value.self, let value = value as? Value { return value }
        let encoder = ValueEncoderImpl(codingPath: codingPath, userInfo: userInfo)
        try value.encode(to: encoder)
        return EncodingNode.Element.node(encoder.node).value
    }

    /// Converts any integer to `.int`, or throws if it is beyond `Int`'s range.
    static func box<Integer: BinaryInteger>(integer: Integer, at codingPath: [any CodingKey]) throws -> Value {
        guard let int = Int(exactly: integer) else {
            throw EncodingError.invalidValue(
                integer,
                EncodingError.Context(
                    codingPath: codingPath,
                    debugDescription:
                        "\(Integer.self) \(integer) is out of range for Value.int (\(Int.min)...\(Int.max))"
                )
            )
        }
        return .int(int)
    }

    /// Converts a `Float` by its shortest decimal form, so that `0.1` stays `0.1` as a `Double`.
    static func box(float: Float) -> Value {
        guard float.isFinite, let double = Double(float.description) else { return .double(Double(float)) }
        return .double(double)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(
            ValueKeyedEncodingContainer<Key>(node: node, codingPath: codingPath, userInfo: userInfo))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return ValueUnkeyedEncodingContainer(node: node, codingPath: codingPath, userInfo: userInfo)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        self
    }
}

extension ValueEncoderImpl: SingleValueEncodingContainer {
    func encodeNil() { node.setSingle(.null) }
    func encode(_ value: Bool) { node.setSingle(.bool(value)) }
    func encode(_ value: String) { node.setSingle(.string(value)) }
    func encode(_ value: Double) { node.setSingle(.double(value)) }
    func encode(_ value: Float) { node.setSingle(Self.box(float: value)) }
    func encode(_ value: Int) { node.setSingle(.int(value)) }
    func encode(_ value: Int8) throws { node.setSingle(try Self.box(integer: value, at: codingPath)) }
    func encode(_ value: Int16) throws { node.setSingle(try Self.box(integer: value, at: codingPath)) }
    func encode(_ value: Int32) throws { node.setSingle(try Self.box(integer: value, at: codingPath)) }
    func encode(_ value: Int64) throws { node.setSingle(try Self.box(integer: value, at: codingPath)) }
    func encode(_ value: UInt) throws { node.setSingle(try Self.box(integer: value, at: codingPath)) }
    func encode(_ value: UInt8) throws { node.setSingle(try Self.box(integer: value, at: codingPath)) }
    func encode(_ value: UInt16) throws { node.setSingle(try Self.box(integer: value, at: codingPath)) }
    func encode(_ value: UInt32) throws { node.setSingle(try Self.box(integer: value, at: codingPath)) }
    func encode(_ value: UInt64) throws { node.setSingle(try Self.box(integer: value, at: codingPath)) }

    func encode<T: Encodable>(_ value: T) throws {
        node.setSingle(try Self.box(value, at: codingPath, userInfo: userInfo))
    }
}
