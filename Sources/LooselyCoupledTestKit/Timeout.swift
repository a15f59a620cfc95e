/// A test waited longer than it allowed for something.
public struct TimeoutError: Error, CustomStringConvertible {
    /// What the test was waiting for.
    public let what: String

    /// Waiting for `what` took too long.
    public init(what: String) {
        self.what = what
    }

    /// The error or value in one line, as logs and error replies show it.
    public var description: String { "timed out \(what)" }
}

/// Runs `operation`, failing with ``TimeoutError`` after `timeout` instead of hanging the test:
/// tests await results with this rather than sleeping. `what` is evaluated only on a timeout, so
/// it can describe the state things were left in.
///
/// ```swift
/// let events = try await withTimeout(.seconds(10), "for two ticks") { await log.first(2) }
/// ```
public func withTimeout<T: Sendable>(
    _ timeout: Duration, _ what: @autoclosure () -> String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        guard let first = try await group.next(), let value = first else {
            group.cancelAll()
            throw TimeoutError(what: what())
        }
        group.cancelAll()
        return value
    }
}
