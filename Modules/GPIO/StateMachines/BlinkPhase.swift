/// The arithmetic of an on/off cycle that started at `epoch`: rhythms and own blinks share it.
///
/// Levels are computed from the epoch, not by counting toggles, so a late tick neither drifts nor
/// lets two outputs of one rhythm disagree: everything at instant t depends on t alone.
struct BlinkPhase: Sendable, Equatable {
    var epoch: GPIOInstant
    /// Both positive: the scheduler rejects zero durations, so `period` is never zero.
    var on: UInt64
    var off: UInt64
    /// Cycles until the blink ends in off; `nil` repeats forever.
    var count: Int?

    private var period: UInt64 {
        let (sum, overflow) = on.addingReportingOverflow(off)
        return overflow ? .max : sum
    }

    /// Whether the cycle is in its on part at `instant` (at a boundary, the part that starts there).
    func level(at instant: GPIOInstant) -> Bool {
        instant.nanoseconds(since: epoch) % period < on
    }

    /// The instant the last on part ends, after which the blink is over; `nil` if endless.
    var end: GPIOInstant? {
        guard let count else { return nil }
        let cycles = UInt64(max(count, 1) - 1)
        return epoch.advanced(nanoseconds: cycles.multipliedSaturated(by: period)).advanced(nanoseconds: on)
    }

    /// The first instant after `instant` at which the level changes; `nil` once the blink is over.
    func nextChange(after instant: GPIOInstant) -> GPIOInstant? {
        if let end, instant >= end { return nil }
        let phase = instant.nanoseconds(since: epoch) % period
        // The end is an on-to-off boundary, so the natural next boundary never overshoots it.
        return instant.advanced(nanoseconds: phase < on ? on - phase : period - phase)
    }
}
