/// A method of a module, called as `module.method` with keyword arguments in a ``Value`` object.
///
/// The body may be synchronous or `async`; a synchronous body is invoked without a task switch,
/// which matters on hot paths.
public struct Method<M: Module>: Sendable {
    /// The name after the dot in `module.method`.
    public let name: String
    let body: MethodBody<M>

    /// A method that takes and returns ``Value``s.
    public init(_ name: String, _ body: @escaping @Sendable (isolated M, Value) throws -> Value) {
        self.name = name
        self.body = .sync(body)
    }

    /// A method that takes and returns ``Value``s and may suspend.
    public init(_ name: String, _ body: @escaping @Sendable (isolated M, Value) async throws -> Value) {
        self.name = name
        self.body = .async(body)
    }

    /// A method that returns nothing (its result is `null`).
    public init(_ name: String, _ body: @escaping @Sendable (isolated M, Value) throws -> Void) {
        self.name = name
        self.body = .sync { module, arguments in
            try body(module, arguments)
            return .null
        }
    }

    /// A method that returns nothing (its result is `null`) and may suspend.
    public init(_ name: String, _ body: @escaping @Sendable (isolated M, Value) async throws -> Void) {
        self.name = name
        self.body = .async { module, arguments in
            try await body(module, arguments)
            return .null
        }
    }
}

/// A method body, kept synchronous when it was written so, so the dispatcher can call it
/// without a task switch. Its types are concrete (not a generic body over input and output), so
/// the closure a module writes is stored as it is, without a reabstraction thunk per call.
enum MethodBody<M: Module>: Sendable {
    case sync(@Sendable (isolated M, Value) throws -> Value)
    case async(@Sendable (isolated M, Value) async throws -> Value)
}
