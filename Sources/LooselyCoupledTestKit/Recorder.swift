import LooselyCoupled

/// Collects values from any thread and lets a test await a count of them, with a timeout that
/// fails the test instead of hanging it.
public final class Recorder<Element: Sendable>: Sendable {
    private let recorded = Watched<[Element]>([])

    /// An empty recorder.
    public init() {}

    /// Records `element`; wakes waiters whose count is reached.
    public func append(_ element: Element) {
        recorded.update { $0.append(element) }
    }

    /// Everything recorded so far.
    public var items: [Element] { recorded.value }

    /// The first `count` items once they are there; throws `TimeoutError` after `timeout`.
    public func waitFor(count: Int, timeout: Duration = .seconds(10)) async throws -> [Element] {
        _ = try await withTimeout(timeout, "waiting for \(count) items, have \(items.count)") { [recorded] in
            await recorded.wait { $0.count >= count }
        }
        return Array(items.prefix(count))
    }
}
