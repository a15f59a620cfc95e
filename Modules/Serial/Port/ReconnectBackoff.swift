/// How long the module waits before each attempt to reopen a lost port: `initial`, then twice as
/// long after each failed attempt, never more than `max`; a successful open starts over at
/// `initial`.
struct ReconnectBackoff: Sendable, Equatable {
    let initial: Duration
    let max: Duration
    /// Failed attempts since the port was lost (or last opened).
    private(set) var failures = 0

    /// A schedule from `initial` up to `max` (a `max` below `initial` acts as `initial`).
    init(initial: Duration, max: Duration) {
        self.initial = initial
        self.max = Swift.max(initial, max)
    }

    /// The delay before the next attempt; counts the attempt that follows it as failed until
    /// ``reset()``.
    mutating func next() -> Duration {
        defer { failures += 1 }
        var delay = initial
        for _ in 0..<min(failures, 62) {
            delay *= 2
            if delay >= max { return max }
        }
        return delay
    }

    /// The port is open again: the next loss starts over at `initial`.
    mutating func reset() {
        failures = 0
    }
}
