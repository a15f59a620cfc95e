import Synchronization

/// Identifies a chain of dependent requests: a call or event sent while handling an item carries
/// the transaction of that item.
public struct TransactionID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number, unique within one daemon run.
    public let rawValue: UInt64

    /// Wraps a number, for example one received from a client.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    private static let counter = Atomic<UInt64>(0)

    /// A transaction id no other item of this process has.
    public static func next() -> TransactionID {
        TransactionID(rawValue: counter.add(1, ordering: .relaxed).newValue)
    }

    /// Orders ids as they were given out: an earlier transaction first.
    public static func < (lhs: TransactionID, rhs: TransactionID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The id as a decimal number, as logs show it.
    public var description: String { String(rawValue) }
}

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
