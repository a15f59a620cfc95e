/// Writes the members of an object for a type's `encode(to:)`.
struct ValueKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]

    private func set(_ value: Value, for key: Key) {
        node.setMember(key.stringValue, .value(value))
    }

    private func setInteger(_ integer: some BinaryInteger, for key: Key) throws {
        set(try ValueEncoderImpl.box(integer: integer, at: codingPath + [key]), for: key)
    }

    mutating func encodeNil(forKey key: Key) { set(.null, for: key) }
    mutating func encode(_ value: Bool, forKey key: Key) { set(.bool(value), for: key) }
    mutating func encode(_ value: String, forKey key: Key) { set(.string(value), for: key) }
    mutating func encode(_ value: Double, forKey key: Key) { set(.double(value), for: key) }
    mutating func encode(_ value: Float, forKey key: Key) { set(ValueEncoderImpl.box(float: value), for: key) }
    mutating func encode(_ value: Int, forKey key: Key) { set(.int(value), for: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try setInteger(value, for: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try setInteger(value, for: key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try ValueEncoderImpl.box(value, at: codingPath + [key], userInfo: userInfo), for: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode(.object)
        node.setMember(key.stringValue, .node(child))
        return KeyedEncodingContainer(
            ValueKeyedEncodingContainer<NestedKey>(node: child, codingPath: codingPath + [key], userInfo: userInfo)
        )
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingNode(.array)
        node.setMember(key.stringValue, .node(child))
        return ValueUnkeyedEncodingContainer(node: child, codingPath: codingPath + [key], userInfo: userInfo)
    }

    mutating func superEncoder() -> any Encoder {
        encoder(for: ValueCodingKey.super)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder(for: key)
    }

    private func encoder(for key: any CodingKey) -> any Encoder {
        let child = EncodingNode()
        node.setMember(key.stringValue, .node(child))
        return ValueEncoderImpl(node: child, codingPath: codingPath + [key], userInfo: userInfo)
    }
}
