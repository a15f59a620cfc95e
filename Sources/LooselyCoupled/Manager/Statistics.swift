/// A snapshot of the queue and the modules, as the control socket's `status` reports it.
public struct Statistics: Sendable, Hashable {
    /// Deliveries waiting or being handled (an event for three modules counts three).
    public var queueDepth: Int
    /// The most deliveries that may be pending before senders wait.
    public var queueCapacity: Int
    /// Calls queued and events triggered since start (an event counts once, whether or not a
    /// module handles it).
    public var enqueued: Int
    /// Deliveries handled since start.
    public var processed: Int
    /// Items dropped because the queue was full (`overflow: drop_oldest`).
    public var dropped: Int
    /// Deliveries discarded because their module stopped or shutdown passed its deadline.
    public var discarded: Int
    /// Handler, method and job errors.
    public var handlerErrors: Int
    /// Events a watcher of ``ModuleManager/events(matching:)`` missed because it fell behind.
    public var watcherDropped: Int
    /// Each module, in config order.
    public var modules: [ModuleStatistics]
}
