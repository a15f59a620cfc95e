/// A point on a monotonic clock, in nanoseconds: the only notion of time the GPIO state machines know.
///
/// The state machines never read a clock. Their driver passes "now" into every transition, so tests
/// drive a virtual clock and the daemon passes `CLOCK_MONOTONIC`, the clock libgpiod stamps edge
/// events with by default. The origin is whatever that clock's origin is; only differences matter.
///
/// Arithmetic saturates instead of trapping: an instant never wraps past zero or `UInt64.max`
/// (584 years), so no configured duration, however large, can crash the daemon.
///
/// ```swift
/// let press = GPIOInstant(nanoseconds: 1_000_000)
/// let later = press + .milliseconds(800)
/// press.duration(to: later)   // 0.8 seconds
/// ```
public struct GPIOInstant: InstantProtocol, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Nanoseconds since the clock's origin.
    public var nanoseconds: UInt64

    /// An instant from a raw nanosecond count, as libgpiod reports edge timestamps.
    public init(nanoseconds: UInt64) {
        self.nanoseconds = nanoseconds
    }

    /// The clock's origin; a convenient start for a virtual clock.
    public static let zero = GPIOInstant(nanoseconds: 0)

    /// The instant `duration` after this one (before it, if negative), saturating at both ends.
    public func advanced(by duration: Duration) -> GPIOInstant {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 || attoseconds < 0 {
            return GPIOInstant(
                nanoseconds: nanoseconds.subtractingSaturated((Duration.zero - duration).clampedNanoseconds))
        }
        return advanced(nanoseconds: duration.clampedNanoseconds)
    }

    /// The signed duration from this instant to `other`.
    public func duration(to other: GPIOInstant) -> Duration {
        if other.nanoseconds >= nanoseconds {
            return .nanoseconds(Int64(clamping: other.nanoseconds - nanoseconds))
        }
        return .nanoseconds(-Int64(clamping: nanoseconds - other.nanoseconds))
    }

    /// The instant `rhs` after `lhs`, saturating; as `ContinuousClock.Instant` offers it.
    public static func + (lhs: GPIOInstant, rhs: Duration) -> GPIOInstant {
        lhs.advanced(by: rhs)
    }

    /// The instant `rhs` before `lhs`, saturating at zero.
    public static func - (lhs: GPIOInstant, rhs: Duration) -> GPIOInstant {
        lhs.advanced(by: .zero - rhs)
    }

    /// The signed duration from `rhs` to `lhs`.
    public static func - (lhs: GPIOInstant, rhs: GPIOInstant) -> Duration {
        rhs.duration(to: lhs)
    }

    /// Orders instants by their nanosecond count.
    public static func < (lhs: GPIOInstant, rhs: GPIOInstant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    /// The nanosecond count followed by "ns", for test failure messages and logs.
    public var description: String { "\(nanoseconds)ns" }
}

extension GPIOInstant {
    /// The instant `nanoseconds` later, saturating at `UInt64.max`.
    func advanced(nanoseconds delta: UInt64) -> GPIOInstant {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(delta)
        return GPIOInstant(nanoseconds: overflow ? .max : sum)
    }

    /// Nanoseconds from `earlier` to this instant; zero if `earlier` is in fact later.
    func nanoseconds(since earlier: GPIOInstant) -> UInt64 {
        nanoseconds.subtractingSaturated(earlier.nanoseconds)
    }
}

extension UInt64 {
    /// Subtraction that stops at zero, so a clock read out of order cannot trap.
    func subtractingSaturated(_ other: UInt64) -> UInt64 {
        self >= other ? self - other : 0
    }

    /// Multiplication that stops at `UInt64.max`, for "n periods later" with a huge n.
    func multipliedSaturated(by other: UInt64) -> UInt64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}

extension Duration {
    /// Whole nanoseconds, with negative durations as zero and huge ones as `UInt64.max`.
    ///
    /// Configured durations arrive from user config; the state machines treat a negative one as
    /// "no delay" rather than trapping, and config validation is where the user is told.
    var clampedNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        let whole = UInt64(seconds).multipliedSaturated(by: 1_000_000_000)
        let (sum, overflow) = whole.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000))
        return overflow ? .max : sum
    }
}
