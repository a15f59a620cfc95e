import Synchronization

/// The result of a queued call, filled in once by the dispatcher and awaited by the caller.
final class ReplyBox: Sendable {
    private enum State {
        case pending(waiters: [UnsafeContinuation<Result<Value, CallError>, Never>])
        case done(Result<Value, CallError>)
    }

    private let state = Locked(State.pending(waiters: []))

    func complete(_ result: Result<Value, CallError>) {
        let waiters = state.withLock { state -> [UnsafeContinuation<Result<Value, CallError>, Never>] in
            guard case .pending(let waiters) = state else { return [] }
            state = .done(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: result) }
    }

    var result: Result<Value, CallError> {
        get async {
            await withUnsafeContinuation { continuation in
                let ready = state.withLock { state -> Result<Value, CallError>? in
                    switch state {
                    case .done(let result):
                        return result
                    case .pending(var waiters):
                        waiters.append(continuation)
                        state = .pending(waiters: waiters)
                        return nil
                    }
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    /// The result if it is there already; for blocking callers that poll after a wake-up.
    var completedResult: Result<Value, CallError>? {
        state.withLock { state in
            if case .done(let result) = state { return result }
            return nil
        }
    }
}
