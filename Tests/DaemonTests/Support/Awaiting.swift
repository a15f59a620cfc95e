import LooselyCoupled
import Synchronization

/// Items appended from any thread (output lines, datagrams), awaitable by a predicate.
final class Collector<Item: Sendable>: Sendable {
    private struct Waiter {
        let matches: @Sendable ([Item]) -> Bool
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var items: [Item] = []
        var closed = false
        var waiters: [Waiter] = []
    }

    private let state = Locked(State())

    func append(_ item: Item) {
        update { $0.items.append(item) }
    }

    /// No more items will come; waiters whose condition can no longer change are released.
    func close() {
        update { $0.closed = true }
    }

    var items: [Item] { state.withLock { $0.items } }

    /// Waits until `condition` holds for the items so far (or the collector closes), then
    /// returns the items.
    func wait(until condition: @escaping @Sendable ([Item]) -> Bool) async -> [Item] {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.closed || condition(state.items) { return true }
                state.waiters.append(Waiter(matches: condition, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
        return items
    }

    private func update(_ change: (inout State) -> Void) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            change(&state)
            let items = state.items
            let closed = state.closed
            let ready = state.waiters.filter { closed || $0.matches(items) }
            state.waiters.removeAll { closed || $0.matches(items) }
            return ready.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }
}

/// A value set once from any thread and awaited.
final class Latch<Value: Sendable>: Sendable {
    private let state = Locked<(value: Value?, waiters: [CheckedContinuation<Value, Never>])>((nil, []))

    func set(_ value: Value) {
        let waiters = state.withLock { state -> [CheckedContinuation<Value, Never>] in
            guard state.value == nil else { return [] }
            state.value = value
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    var current: Value? { state.withLock { $0.value } }

    var value: Value {
        get async {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Value? in
                    if let value = state.value { return value }
                    state.waiters.append(continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
