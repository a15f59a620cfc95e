/// How urgently a queued item is served: the queue releases higher priorities first and keeps
/// FIFO order within one priority.
///
/// The raw values are the 1…5 scale used on the wire and in benchmarks: 1 is `highest`.
public enum Priority: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case highest = 1
    case high = 2
    case normal = 3
    case low = 4
    case lowest = 5

    /// Parses `highest`, `high`, `normal`, `low`, `lowest` or the digits `1`…`5`.
    public init?(name: String) {
        switch name {
        case "highest", "1": self = .highest
        case "high", "2": self = .high
        case "normal", "3": self = .normal
        case "low", "4": self = .low
        case "lowest", "5": self = .lowest
        default: return nil
        }
    }

    /// The lowercase name, as config files and JSON say it.
    public var description: String {
        switch self {
        case .highest: "highest"
        case .high: "high"
        case .normal: "normal"
        case .low: "low"
        case .lowest: "lowest"
        }
    }

    /// Zero-based index into per-priority storage; 0 is served first.
    var level: Int { rawValue - 1 }
}

extension Priority: Comparable {
    /// `a < b` when `a` is the less urgent of the two: `.low < .high`.
    public static func < (lhs: Priority, rhs: Priority) -> Bool {
        lhs.rawValue > rhs.rawValue
    }
}
