import Synchronization

/// Runs `operation` in its own task and waits for it at most `timeout`.
///
/// Returns `true` when the operation finished in time. On timeout the operation is cancelled and
/// left to finish on its own: a module whose `stop()` hangs must not hang the daemon's shutdown.
func withDeadline(_ timeout: Duration, _ operation: @escaping @Sendable () async -> Void) async -> Bool {
    let outcome = OneShot()
    let work = Task {
        await operation()
        outcome.fire(true)
    }
    let timer = Task {
        try? await Task.sleep(for: timeout)
        outcome.fire(false)
    }
    let finished = await outcome.value
    timer.cancel()
    if !finished { work.cancel() }
    return finished
}

/// A `Bool` set once and awaited by one or more tasks.
final class OneShot: Sendable {
    private struct State {
        var value: Bool?
        var waiters: [UnsafeContinuation<Bool, Never>] = []
    }

    private let state = Locked(State())

    func fire(_ value: Bool) {
        let waiters = state.withLock { state -> [UnsafeContinuation<Bool, Never>] in
            guard state.value == nil else { return [] }
            state.value = value
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    var value: Bool {
        get async {
            await withUnsafeContinuation { continuation in
                let ready = state.withLock { state -> Bool? in
                    if let value = state.value { return value }
                    state.waiters.append(continuation)
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
