/// When a failing device is tried again: after its poll interval (at least a second), then
/// twice as long after each further failure, at most a minute (or the interval, if longer).
/// One success resets it.
struct RetryBackoff: Sendable, Hashable {
    /// The device's poll interval; `nil` for one that is not polled.
    let interval: Duration?
    private(set) var failures = 0

    init(interval: Duration?) { self.interval = interval }

    static let first = Duration.seconds(1)
    static let ceiling = Duration.seconds(60)

    /// Records a failure and returns the delay before the next attempt.
    mutating func failed() -> Duration {
        failures += 1
        let base = max(interval ?? .zero, Self.first)
        let ceiling = max(interval ?? .zero, Self.ceiling)
        var delay = base
        for _ in 1..<min(failures, 32) {
            delay *= 2
            if delay >= ceiling { return ceiling }
        }
        return min(delay, ceiling)
    }

    /// Records a success.
    mutating func succeeded() {
        failures = 0
    }
}
