import LooselyCoupled
import Synchronization

/// Collects values from any thread and lets a test await a count of them, with a timeout that
/// fails the test instead of hanging it.
public final class Recorder<Element: Sendable>: Sendable {
    private struct State {
        /// Everything recorded so far.
        public var items: [Element] = []
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Locked(State())

    /// An empty recorder.
    public init() {}

    /// Records `element`; wakes waiters whose count is reached.
    public func append(_ element: Element) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.items.append(element)
            let count = state.items.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    /// Everything recorded so far.
    public var items: [Element] { state.withLock { $0.items } }

    /// The first `count` items once they are there; throws `TimeoutError` after `timeout`.
    public func waitFor(count: Int, timeout: Duration = .seconds(10)) async throws -> [Element] {
        try await withTimeout(timeout, "waiting for \(count) items, have \(items.count)") {
            await withCheckedContinuation { continuation in
                let ready = self.state.withLock { state -> Bool in
                    if state.items.count >= count { return true }
                    state.waiters.append((count, continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        }
        return Array(items.prefix(count))
    }
}
