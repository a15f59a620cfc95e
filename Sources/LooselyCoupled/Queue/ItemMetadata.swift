import Synchronization

/// What every queued item carries besides its content.
public struct ItemMetadata: Sendable, Hashable {
    /// Shared by all requests that one original request caused.
    public var transaction: TransactionID
    /// The priority the item was queued with.
    public var priority: Priority
    /// The module that sent the item, or `nil` when it came from outside (control socket, CLI,
    /// a thread of the daemon itself).
    public var source: String?
    /// When the item was queued, in nanoseconds of the monotonic clock (see ``MonotonicClock``).
    public var enqueuedAt: UInt64
    /// Global enqueue order: a later item has a larger sequence number.
    public var sequence: UInt64

    /// Creates metadata; ``ModuleContext`` and ``ModuleManager`` fill it in for you.
    public init(transaction: TransactionID, priority: Priority, source: String?, enqueuedAt: UInt64, sequence: UInt64) {
        self.transaction = transaction
        self.priority = priority
        self.source = source
        self.enqueuedAt = enqueuedAt
        self.sequence = sequence
    }
}
