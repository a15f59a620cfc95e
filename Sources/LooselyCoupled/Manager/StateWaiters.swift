/// Tasks waiting for a module to reach a lifecycle state: what ``ModuleManager/wait(for:of:)``
/// awaits, so that nothing has to poll a state.
///
/// Not a ``SetOnce``: a module reaches the same state again and again (each restart is
/// `running` once more), and a waiter leaves when its task is cancelled.
final class StateWaiters: Sendable {
    private struct Waiter {
        let id: Int
        let wanted: ModuleState
        let continuation: CheckedContinuation<Void, Never>
    }

    private let state = Locked<(nextID: Int, waiters: [Waiter])>((0, []))

    /// Wakes the tasks waiting for `reached`. Called after the new state is stored.
    func reached(_ reached: ModuleState) {
        let ready = state.withLock { state -> [Waiter] in
            guard state.waiters.contains(where: { $0.wanted == reached }) else { return [] }
            let ready = state.waiters.filter { $0.wanted == reached }
            state.waiters.removeAll { $0.wanted == reached }
            return ready
        }
        for waiter in ready { waiter.continuation.resume() }
    }

    /// Returns once `current()` is `wanted`, at once if it is already, or when the task is
    /// cancelled.
    func wait(for wanted: ModuleState, current: @Sendable () -> ModuleState) async {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Checked under the lock that `reached` takes after a store: a change lands
                // either before this check or after the waiter is in the list.
                let now = state.withLock { state -> Bool in
                    if current() == wanted || Task.isCancelled { return true }
                    state.waiters.append(Waiter(id: id, wanted: wanted, continuation: continuation))
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0) }
            }
            waiter?.continuation.resume()
        }
    }
}
