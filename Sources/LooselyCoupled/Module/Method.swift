/// A method of a module, called as `module.method` with keyword arguments in a ``Value`` object.
///
/// The body may be synchronous or `async`; a synchronous body is invoked without a task switch,
/// which matters on hot paths.
public struct Method<M: Module>: Sendable {
    /// The name after the dot in `module.method`.
    public let name: String
    let body: Body<M, Value, Value>

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

/// A handler for events whose name matches a pattern: an exact name (`tick`) or a glob
/// (`gpio_*`, `sensor_?`, `[ab]*`). The body may be synchronous or `async`.
public struct On<M: Module>: Sendable {
    let pattern: GlobPattern
    let body: Body<M, Event, Void>

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

/// A handler body, kept synchronous when it was written so, so the dispatcher can call it
/// without a task switch.
enum Body<M: Module, Input: Sendable, Output: Sendable>: Sendable {
    case sync(@Sendable (isolated M, Input) throws -> Output)
    case async(@Sendable (isolated M, Input) async throws -> Output)

    /// Runs the body on `module`, which the caller is already isolated to.
    func callAsFunction(_ module: isolated M, _ input: Input) async throws -> Output {
        switch self {
        case .sync(let body): try body(module, input)
        case .async(let body): try await body(module, input)
        }
    }
}

/// A job run every `interval` while the module is active: first at activation, then after each
/// interval. After a failure the next run waits `interval × 2^failures` (at most five minutes, or
/// the interval if that is longer); one success resets the delay.
public struct Every<M: Module>: Sendable {
    /// The delay between runs.
    public let interval: Duration
    /// A name for logs.
    public let name: String
    let body: @Sendable (isolated M) async throws -> Void

    /// Runs `body` every `interval`; `name` appears in logs when it fails.
    public init(_ interval: Duration, _ name: String = "job", _ body: @escaping @Sendable (isolated M) async throws -> Void) {
        self.interval = interval
        self.name = name
        self.body = body
    }
}

/// When a repeating job runs next: after `interval`, or after `interval × 2^failures` while it
/// keeps failing (at most five minutes, or the interval if that is longer). A success resets it.
struct RepeatSchedule: Sendable, Equatable {
    let interval: Duration
    private(set) var failures = 0

    init(interval: Duration) { self.interval = interval }

    /// Records the outcome of a run and returns the delay before the next one.
    mutating func next(succeeded: Bool) -> Duration {
        failures = succeeded ? 0 : failures + 1
        guard failures > 0 else { return interval }
        let ceiling = max(interval, .seconds(300))
        var delay = interval
        for _ in 0..<min(failures, 62) {
            delay *= 2
            if delay >= ceiling { return ceiling }
        }
        return delay
    }
}
