/// The members of an object, for a type's `init(from:)` to decode by key.
struct ValueKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: Value.Object
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    /// The member for `key`, or a ``ValueDecodingError`` that names it as missing.
    private func member(_ key: Key) throws(ValueDecodingError) -> Value {
        guard let value = members[key.stringValue] else {
            throw ValueDecodingError(.missing, at: codingPath + [key], "missing key")
        }
        return value
    }

    /// Runs `body` on the member for `key`, adding the key path to the problem it reports.
    private func unbox<T>(_ key: Key, _ body: (Value) throws -> T) throws -> T {
        let value = try member(key)
        do {
            return try body(value)
        } catch let problem as DecodingProblem {
            throw ValueDecodingError(problem.code, at: codingPath + [key], problem.message)
        }
    }

    func decodeNil(forKey key: Key) throws -> Bool { try member(key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try unbox(key) { try $0.unbox(type) } }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try unbox(key) { try $0.unbox(type) } }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try unbox(key) { try $0.unbox(type) } }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try unbox(key) { try $0.unbox(type) } }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try unbox(key) { try $0.unbox(type) } }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try unbox(key) { try $0.unbox(type) } }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try unbox(key) { try $0.unbox(type) } }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try unbox(key) { try $0.unbox(type) } }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try unbox(key) { try $0.unbox(type) } }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try unbox(key) { try $0.unbox(type) } }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try unbox(key) { try $0.unbox(type) } }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try unbox(key) { try $0.unbox(type) } }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try unbox(key) { try $0.unbox(type) } }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try unbox(key) { try $0.unbox(type) } }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ValueDecoderImpl.decode(type, from: member(key), at: codingPath + [key], userInfo: userInfo)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type,
        forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    /// A decoder for the member `super`, or for `null` when there is none.
    func superDecoder() throws -> any Decoder {
        ValueDecoderImpl(
            value: members[ValueCodingKey.super.stringValue] ?? .null,
            codingPath: codingPath + [ValueCodingKey.super],
            userInfo: userInfo
        )
    }

    /// A decoder for the member `key`, or for `null` when there is none.
    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoderImpl(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key], userInfo: userInfo)
    }

    private func decoder(for key: Key) throws(ValueDecodingError) -> ValueDecoderImpl {
        ValueDecoderImpl(value: try member(key), codingPath: codingPath + [key], userInfo: userInfo)
    }
}
