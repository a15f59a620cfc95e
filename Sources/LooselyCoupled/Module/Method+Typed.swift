extension Method {
    /// A method whose arguments decode into `Arguments` and whose result encodes from `Result`.
    ///
    /// ```swift
    /// struct Chime: Decodable { let times: Int }
    /// Method("chime") { (bell, chime: Chime) in bell.ring(chime.times) }   // returns an Int
    /// ```
    ///
    /// Arguments that do not decode fail the call with `invalid_arguments`, worded by
    /// ``ValueDecodingError``: `chime: times: expected int, got string "three"`.
    public init<Arguments: Decodable & SendableMetatype, Result: Encodable & SendableMetatype>(
        _ name: String, _ body: @escaping @Sendable (isolated M, Arguments) throws -> Result
    ) {
        self.init(name) { (module: isolated M, arguments: Value) throws -> Value in
            try Self.encode(body(module, Self.decode(arguments, method: name)), method: name)
        }
    }

    /// A method with typed arguments and result that may suspend.
    public init<Arguments: Decodable & SendableMetatype, Result: Encodable & SendableMetatype>(
        _ name: String, _ body: @escaping @Sendable (isolated M, Arguments) async throws -> Result
    ) {
        self.init(name) { (module: isolated M, arguments: Value) async throws -> Value in
            try Self.encode(await body(module, Self.decode(arguments, method: name)), method: name)
        }
    }

    /// A method without arguments whose result encodes from `Result` (arguments given are ignored,
    /// as an empty object would be).
    public init<Result: Encodable & SendableMetatype>(
        _ name: String, _ body: @escaping @Sendable (isolated M) throws -> Result
    ) {
        self.init(name) { (module: isolated M, _: Value) throws -> Value in
            try Self.encode(body(module), method: name)
        }
    }

    /// A method without arguments, with a typed result, that may suspend.
    public init<Result: Encodable & SendableMetatype>(
        _ name: String, _ body: @escaping @Sendable (isolated M) async throws -> Result
    ) {
        self.init(name) { (module: isolated M, _: Value) async throws -> Value in
            try Self.encode(await body(module), method: name)
        }
    }

    private static func decode<Arguments: Decodable & SendableMetatype>(_ arguments: Value, method: String)
        throws(CallError) -> Arguments
    {
        do {
            return try arguments.decode(Arguments.self)
        } catch let error as ValueDecodingError {
            throw CallError(.invalidArguments, "\(method): \(error)")
        } catch {
            throw CallError(.invalidArguments, "\(method): \(error)", underlying: error)
        }
    }

    private static func encode<Result: Encodable & SendableMetatype>(_ result: Result, method: String) throws(CallError)
        -> Value
    {
        do {
            return try Value(encoding: result)
        } catch {
            throw CallError(.handlerFailed, "\(method): its result cannot be a value: \(error)", underlying: error)
        }
    }
}
