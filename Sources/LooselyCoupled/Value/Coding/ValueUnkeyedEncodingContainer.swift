/// Writes the elements of an array for a type's `encode(to:)`.
struct ValueUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]

    var count: Int { node.elements.count }

    /// The path of the element appended next.
    private var nextPath: [any CodingKey] { codingPath + [ValueCodingKey(index: count)] }

    private func append(_ value: Value) {
        node.elements.append(.value(value))
    }

    private func appendInteger(_ integer: some BinaryInteger) throws {
        append(try ValueEncoderImpl.box(integer: integer, at: nextPath))
    }

    mutating func encodeNil() { append(.null) }
    mutating func encode(_ value: Bool) { append(.bool(value)) }
    mutating func encode(_ value: String) { append(.string(value)) }
    mutating func encode(_ value: Double) { append(.double(value)) }
    mutating func encode(_ value: Float) { append(ValueEncoderImpl.box(float: value)) }
    mutating func encode(_ value: Int) { append(.int(value)) }
    mutating func encode(_ value: Int8) throws { try appendInteger(value) }
    mutating func encode(_ value: Int16) throws { try appendInteger(value) }
    mutating func encode(_ value: Int32) throws { try appendInteger(value) }
    mutating func encode(_ value: Int64) throws { try appendInteger(value) }
    mutating func encode(_ value: UInt) throws { try appendInteger(value) }
    mutating func encode(_ value: UInt8) throws { try appendInteger(value) }
    mutating func encode(_ value: UInt16) throws { try appendInteger(value) }
    mutating func encode(_ value: UInt32) throws { try appendInteger(value) }
    mutating func encode(_ value: UInt64) throws { try appendInteger(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        append(try ValueEncoderImpl.box(value, at: nextPath, userInfo: userInfo))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode(.object)
        let path = nextPath
        node.elements.append(.node(child))
        return KeyedEncodingContainer(
            ValueKeyedEncodingContainer<NestedKey>(node: child, codingPath: path, userInfo: userInfo)
        )
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodingNode(.array)
        let path = nextPath
        node.elements.append(.node(child))
        return ValueUnkeyedEncodingContainer(node: child, codingPath: path, userInfo: userInfo)
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingNode()
        let path = nextPath
        node.elements.append(.node(child))
        return ValueEncoderImpl(node: child, codingPath: path, userInfo: userInfo)
    }
}
