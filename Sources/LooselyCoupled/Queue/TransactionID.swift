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
