/// A handler for events whose name matches a pattern: an exact name (`tick`) or a glob
/// (`gpio_*`, `sensor_?`, `[ab]*`). The body may be synchronous or `async`.
public struct On<M: Module>: Sendable {
    let pattern: GlobPattern
    let body: HandlerBody<M>

    /// Handles the events matching `pattern`.
    public init(_ pattern: String, _ body: @escaping @Sendable (isolated M, Event) throws -> Void) {
        self.pattern = GlobPattern(pattern)
        self.body = .sync(body)
    }

    /// Handles the events matching `pattern`; the body may suspend.
    public init(_ pattern: String, _ body: @escaping @Sendable (isolated M, Event) async throws -> Void) {
        self.pattern = GlobPattern(pattern)
        self.body = .async(body)
    }
}

/// An event handler's body, kept synchronous when it was written so; see ``MethodBody``.
enum HandlerBody<M: Module>: Sendable {
    case sync(@Sendable (isolated M, Event) throws -> Void)
    case async(@Sendable (isolated M, Event) async throws -> Void)
}
