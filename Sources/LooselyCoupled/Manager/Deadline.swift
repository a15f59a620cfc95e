import Synchronization

/// Runs `operation` in its own task and waits for it at most `timeout`.
///
/// Returns `true` when the operation finished in time. On timeout the operation is cancelled and
/// left to finish on its own: a module whose `stop()` hangs must not hang the daemon's shutdown.
func withDeadline(_ timeout: Duration, _ operation: @escaping @Sendable () async -> Void) async -> Bool {
    let outcome = SetOnce<Bool>()
    let work = Task {
        await operation()
        outcome.set(true)
    }
    let timer = Task {
        try? await Task.sleep(for: timeout)
        outcome.set(false)
    }
    let finished = await outcome.value
    timer.cancel()
    if !finished { work.cancel() }
    return finished
}
