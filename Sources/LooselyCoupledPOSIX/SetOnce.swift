/// A value set once, from any thread or task, and awaited by any number of tasks: the first
/// `set` wins, later ones change nothing, and a task that awaits after it resumes at once.
///
/// ```swift
/// let ready = SetOnce<Bool>()
/// Task { await start(); ready.set(true) }
/// if await ready.value { … }
/// ```
///
/// The one "set once, wake the waiters" type of the project: the manager's exit and running
/// signals, a queued call's reply and the test kit's `Latch` are all this.
public final class SetOnce<Value: Sendable>: Sendable {
    // Inlinable, as `Locked` is: a queued call's reply is one, so it is specialized in the caller.
    @usableFromInline
    enum State: Sendable {
        case pending(waiters: [UnsafeContinuation<Value, Never>])
        case set(Value)
    }

    @usableFromInline let state = Locked(State.pending(waiters: []))

    /// Not set yet.
    public init() {}

    /// Sets the value and resumes every task awaiting it; `false` if it was set already (the
    /// first value stays).
    @discardableResult
    @inlinable
    public func set(_ value: Value) -> Bool {
        let waiters = state.withLock { state -> [UnsafeContinuation<Value, Never>]? in
            guard case .pending(let waiters) = state else { return nil }
            state = .set(value)
            return waiters
        }
        guard let waiters else { return false }
        for waiter in waiters { waiter.resume(returning: value) }
        return true
    }

    /// The value, once it is set.
    @inlinable
    public var value: Value {
        get async {
            await withUnsafeContinuation { continuation in
                let ready = state.withLock { state -> Value? in
                    switch state {
                    case .set(let value):
                        return value
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

    /// The value if it is set already, without waiting; for blocking callers that check after a
    /// wake-up.
    @inlinable
    public var current: Value? {
        state.withLock { state in
            if case .set(let value) = state { return value }
            return nil
        }
    }
}
