/// When a repeating job runs next: after `interval`, or after `interval × 2^failures` while it
/// keeps failing (at most five minutes, or the interval if that is longer). A success resets it.
struct RepeatSchedule: Sendable, Equatable {
    let interval: Duration
    private(set) var failures = 0

    init(interval: Duration) { self.interval = interval }

    /// Records the outcome of a run and returns the delay before the next one.
    mutating func next(succeeded: Bool) -> Duration {
        failures = succeeded ? 0 : failures + 1
        guard failures > 0 else { return interval }
        let ceiling = max(interval, .seconds(300))
        var delay = interval
        for _ in 0..<min(failures, 62) {
            delay *= 2
            if delay >= ceiling { return ceiling }
        }
        return delay
    }
}
