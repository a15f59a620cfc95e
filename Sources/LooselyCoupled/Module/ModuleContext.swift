public import Logging
import Synchronization

#if canImport(Dispatch)
    import Dispatch
#endif

/// A module's handle on the daemon: its name, config and logger, and the calls, queued calls and
/// events it sends. It is `Sendable`: hand it to a reader thread and use the non-`async`
/// overloads there.
///
/// What a module sends while handling a queued item carries that item's transaction.
public struct ModuleContext: Sendable {
    /// The module's instance name, as in `name.method`.
    public var name: String { host.name }
    /// The module type's name, as in `type:` of the config.
    public var typeName: String { host.typeName }
    /// The module's configuration fragment.
    public let config: Value
    /// A logger with the module's name in its metadata.
    public let logger: Logger

    let runtime: Runtime
    let host: any ModuleHosting

    init(runtime: Runtime, host: ModuleHost<some Module>) {
        self.runtime = runtime
        self.host = host
        self.config = host.config
        self.logger = host.logger
    }

    /// The queued item being handled in this task, if any.
    public var currentItem: CurrentItem? { CurrentItem.current }

    /// Reports that the module can no longer work, such as when its device was unplugged: the
    /// manager logs `reason`, stops the module (its `deactivate` and `stop` run as at shutdown),
    /// shows it as `failed`, and starts a new instance with the same backoff as after a failed
    /// start, until one starts. Callable from any thread; returns at once. Reports while the
    /// module is not active, or is already being restarted, are ignored.
    public func reportFailure(_ reason: String) {
        let handler = runtime.failureHandler.withLock { $0 }
        handler?(host, reason)
    }

    // MARK: From async code

    /// Calls `target` (`module.method`) now and returns its result; does not wait behind the queue.
    ///
    /// Inlinable, so the caller awaits the method itself: one async frame less per call.
    @inlinable
    public func call(_ target: String, _ arguments: Value = [:]) async throws(CallError) -> Value {
        try await boundMethod(target).invoke(arguments)
    }

    /// The running method a call to `target` invokes, checked and resolved; synchronous, so the
    /// inlined ``call(_:_:)`` pays no async frame for it.
    @usableFromInline
    func boundMethod(_ target: String) throws(CallError) -> BoundMethod {
        try runtime.method(target, sender: host)
    }

    /// Queues a call to `target`; await ``QueuedCall/value`` for its result, or ignore it.
    /// Suspends while the queue is full.
    @discardableResult
    public func enqueue(_ target: String, _ arguments: Value = [:], priority: Priority = .normal)
        async throws(CallError) -> QueuedCall
    {
        try await runtime.enqueue(target, arguments, priority: priority, sender: host)
    }

    /// Queues `event` for every other module with a handler for it. Suspends while the queue is full.
    public func trigger(_ event: String, _ payload: Value = [:], priority: Priority = .normal) async throws(CallError) {
        try await runtime.trigger(event, payload, priority: priority, sender: host)
    }

    // MARK: From plain threads

    /// Queues `event` from a plain thread. While the queue is full it blocks up to the configured
    /// timeout or, with the `dropOldest` policy, drops the oldest least urgent item.
    public func trigger(_ event: String, _ payload: Value = [:], priority: Priority = .normal) throws(CallError) {
        try runtime.triggerFromThread(event, payload, priority: priority, sender: host)
    }

    /// Queues a call from a plain thread, with the same full-queue behaviour as ``trigger(_:_:priority:)-5ovpw``.
    @discardableResult
    public func enqueue(_ target: String, _ arguments: Value = [:], priority: Priority = .normal) throws(CallError)
        -> QueuedCall
    {
        try runtime.enqueueFromThread(target, arguments, priority: priority, sender: host)
    }

    /// Calls `target` from a plain thread and blocks until the result or `timeout`. From inside
    /// Swift concurrency (a handler, a task) it throws ``CallError/Code/blockingCallInAsyncContext``
    /// instead of risking a deadlock.
    public func callBlocking(_ target: String, _ arguments: Value = [:], timeout: Duration = .seconds(5))
        throws(CallError)
        -> Value
    {
        try runtime.callBlocking(target, arguments, sender: host, timeout: timeout)
    }
}
