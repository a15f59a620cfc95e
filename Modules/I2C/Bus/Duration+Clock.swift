// Deadline arithmetic on CLOCK_MONOTONIC nanoseconds (MonotonicClock.now()), for the polls
// and the bus's release.

import LooselyCoupled

extension UInt64 {
    /// `self + other`, or `.max` where that overflows (a deadline that never comes).
    func saturatingAdd(_ other: UInt64) -> UInt64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}

extension Duration {
    /// Whole nanoseconds for `CLOCK_MONOTONIC` arithmetic, negative durations as zero.
    var clockNanoseconds: UInt64 { UInt64(max(0, nanoseconds)) }
}

extension Duration {
    /// A config's seconds (the schema's `.duration` gives a number), to the nanosecond; a
    /// negative or absurdly long one (past about 292 years) is clamped instead of trapping.
    init(configSeconds seconds: Double) {
        let nanoseconds = (seconds * 1e9).rounded()
        guard nanoseconds.isFinite, nanoseconds > 0 else {
            self = .zero
            return
        }
        self = .nanoseconds(nanoseconds >= 9.2e18 ? Int64(9.2e18) : Int64(nanoseconds))
    }
}
