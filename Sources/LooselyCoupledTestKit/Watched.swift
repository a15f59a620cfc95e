import LooselyCoupled

/// A value changed from any thread that tasks wait on until it satisfies a condition: the one
/// waiting mechanism of the test kit's recorders and collectors.
///
/// A wait ends when its condition holds or when its task is cancelled, which is what lets
/// ``withTimeout(_:_:_:)`` fail a test instead of hanging it when the condition never holds.
public final class Watched<Value: Sendable>: Sendable {
    private struct Waiter {
        let id: Int
        let holds: @Sendable (Value) -> Bool
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var value: Value
        var waiters: [Waiter] = []
        var nextID = 0
        /// Waits cancelled before they parked.
        var cancelled: Set<Int> = []
    }

    private let state: Locked<State>

    /// Watches `value`.
    public init(_ value: Value) {
        state = Locked(State(value: value))
    }

    /// The value now.
    public var value: Value { state.withLock { $0.value } }

    /// Changes the value; wakes the waiters whose condition now holds.
    public func update(_ change: (inout Value) -> Void) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            change(&state.value)
            let value = state.value
            let ready = state.waiters.filter { $0.holds(value) }
            state.waiters.removeAll { $0.holds(value) }
            return ready.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    /// Waits until `condition` holds for the value, or the task is cancelled; returns the value
    /// then (the caller checks the condition again if it must know which).
    @discardableResult
    public func wait(until condition: @escaping @Sendable (Value) -> Bool) async -> Value {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    if condition(state.value) || state.cancelled.remove(id) != nil { return true }
                    state.waiters.append(Waiter(id: id, holds: condition, continuation: continuation))
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume()
        }
        return state.withLock { state in
            state.cancelled.remove(id)
            return state.value
        }
    }
}
