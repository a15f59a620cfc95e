import LooselyCoupled
import Synchronization
import Testing

/// Collects values from any thread and lets a test await a count of them, with a timeout that
/// fails the test instead of hanging it.
final class Recorder<Element: Sendable>: Sendable {
    private struct State {
        var items: [Element] = []
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    func append(_ element: Element) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.items.append(element)
            let count = state.items.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    var items: [Element] { state.withLock { $0.items } }

    /// The first `count` items once they are there; throws `TimeoutError` after `timeout`.
    func waitFor(count: Int, timeout: Duration = .seconds(10)) async throws -> [Element] {
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

struct TimeoutError: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out \(what)" }
}

/// Runs `operation`, failing with ``TimeoutError`` if it takes longer than `timeout`.
func withTimeout<T: Sendable>(
    _ timeout: Duration, _ what: String = "", _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        guard let first = try await group.next(), let value = first else {
            group.cancelAll()
            throw TimeoutError(what: what)
        }
        group.cancelAll()
        return value
    }
}
