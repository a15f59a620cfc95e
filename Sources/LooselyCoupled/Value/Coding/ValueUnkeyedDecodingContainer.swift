/// The elements of an array, for a type's `init(from:)` to decode in order.
struct ValueUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let elements: [Value]
    let codingPath: [any CodingKey]
    let userInfo: [CodingUserInfoKey: Any]
    private(set) var currentIndex = 0

    init(elements: [Value], codingPath: [any CodingKey], userInfo: [CodingUserInfoKey: Any]) {
        self.elements = elements
        self.codingPath = codingPath
        self.userInfo = userInfo
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private var currentKey: ValueCodingKey { ValueCodingKey(index: currentIndex) }

    /// The current element, or a ``ValueDecodingError`` when the array has no more.
    private func current() throws(ValueDecodingError) -> Value {
        guard !isAtEnd else {
            throw ValueDecodingError(
                .missing,
                at: codingPath + [currentKey],
                "missing element: the array has only \(elements.count)"
            )
        }
        return elements[currentIndex]
    }

    /// Runs `body` on the current element and moves past it if it succeeds; a failure names the
    /// element's path.
    private mutating func unbox<T>(_ body: (Value) throws -> T) throws -> T {
        let value = try current()
        do {
            let result = try body(value)
            currentIndex += 1
            return result
        } catch let problem as DecodingProblem {
            throw ValueDecodingError(problem.code, at: codingPath + [currentKey], problem.message)
        }
    }

    mutating func decodeNil() throws -> Bool {
        guard try current().isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try unbox { try $0.unbox(type) } }
    mutating func decode(_ type: String.Type) throws -> String { try unbox { try $0.unbox(type) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try unbox { try $0.unbox(type) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try unbox { try $0.unbox(type) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try unbox { try $0.unbox(type) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try unbox { try $0.unbox(type) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try unbox { try $0.unbox(type) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try unbox { try $0.unbox(type) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try unbox { try $0.unbox(type) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try unbox { try $0.unbox(type) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try unbox { try $0.unbox(type) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try unbox { try $0.unbox(type) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try unbox { try $0.unbox(type) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try unbox { try $0.unbox(type) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoded = try ValueDecoderImpl.decode(
            type, from: current(), at: codingPath + [currentKey], userInfo: userInfo)
        currentIndex += 1
        return decoded
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try decoderForCurrent().container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try decoderForCurrent().unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = try decoderForCurrent()
        currentIndex += 1
        return decoder
    }

    private func decoderForCurrent() throws(ValueDecodingError) -> ValueDecoderImpl {
        ValueDecoderImpl(value: try current(), codingPath: codingPath + [currentKey], userInfo: userInfo)
    }
}
