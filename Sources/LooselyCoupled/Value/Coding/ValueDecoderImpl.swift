/// The `Decoder` that ``ValueDecoder`` hands to `init(from:)`, for one value at one coding path.
final class ValueDecoderImpl: Decoder {
    let value: Value
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]

    init(value: Value, codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: Any]) {
        self.value = value
        self.codingPath = codingPath
        self.userInfo = userInfo
    }

    /// Decodes a `T` from `value`, found at `codingPath`.
    static func decode<T: Decodable>(
        _ type: T.Type,
        from value: Value,
        at codingPath: [any CodingKey],
        userInfo: [CodingUserInfoKey: Any]
    ) throws -> T {
        if T.self == Value.self, let value = value as? T { return value }
        do {
            return try T(from: ValueDecoderImpl(value: value, codingPath: codingPath, userInfo: userInfo))
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.count == codingPath.count {
            // The standard conformance of enums with raw values says only "Cannot initialize";
            // a user fixing a config wants the choices.
            if let choices = Self.rawValueChoices(of: T.self) {
                throw ValueDecodingError(
                    .invalidValue, at: codingPath, "expected one of \(choices), got \(value.summary)")
            }
            throw DecodingError.dataCorrupted(context)
        }
    }

    /// The raw values of an enum with `CaseIterable`, as `"fast", "slow"`.
    private static func rawValueChoices<T>(of type: T.Type) -> String? {
        guard let enumType = type as? any (CaseIterable & RawRepresentable).Type else { return nil }
        return rawValues(of: enumType)
    }

    private static func rawValues<Enum: CaseIterable & RawRepresentable>(of _: Enum.Type) -> String {
        Enum.allCases.map { choice in
            if let string = choice.rawValue as? String { return Value.string(string).json }
            return "\(choice.rawValue)"
        }.joined(separator: ", ")
    }

    /// Runs `body` on the value, adding the coding path to the problem it reports.
    func unbox<T>(_ body: (Value) throws -> T) throws -> T {
        do {
            return try body(value)
        } catch let problem as DecodingProblem {
            throw ValueDecodingError(problem.code, at: codingPath, problem.message)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let members = try unbox { (value) throws(DecodingProblem) in
            guard case .object(let members) = value else { throw .mismatch(expected: "object", got: value) }
            return members
        }
        return KeyedDecodingContainer(
            ValueKeyedDecodingContainer<Key>(members: members, codingPath: codingPath, userInfo: userInfo)
        )
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let elements = try unbox { (value) throws(DecodingProblem) in
            guard case .array(let elements) = value else { throw .mismatch(expected: "array", got: value) }
            return elements
        }
        return ValueUnkeyedDecodingContainer(elements: elements, codingPath: codingPath, userInfo: userInfo)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        self
    }
}

extension ValueDecoderImpl: SingleValueDecodingContainer {
    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try unbox { try $0.unbox(type) } }
    func decode(_ type: String.Type) throws -> String { try unbox { try $0.unbox(type) } }
    func decode(_ type: Double.Type) throws -> Double { try unbox { try $0.unbox(type) } }
    func decode(_ type: Float.Type) throws -> Float { try unbox { try $0.unbox(type) } }
    func decode(_ type: Int.Type) throws -> Int { try unbox { try $0.unbox(type) } }
    func decode(_ type: Int8.Type) throws -> Int8 { try unbox { try $0.unbox(type) } }
    func decode(_ type: Int16.Type) throws -> Int16 { try unbox { try $0.unbox(type) } }
    func decode(_ type: Int32.Type) throws -> Int32 { try unbox { try $0.unbox(type) } }
    func decode(_ type: Int64.Type) throws -> Int64 { try unbox { try $0.unbox(type) } }
    func decode(_ type: UInt.Type) throws -> UInt { try unbox { try $0.unbox(type) } }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try unbox { try $0.unbox(type) } }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try unbox { try $0.unbox(type) } }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try unbox { try $0.unbox(type) } }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try unbox { try $0.unbox(type) } }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try Self.decode(type, from: value, at: codingPath, userInfo: userInfo)
    }
}
