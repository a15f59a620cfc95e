/// Logs at most once a second, with how many were left out since: for warnings a device can
/// cause thousands of times a second (frames cut at `max_frame`).
struct RateLimitedLog: Sendable {
    private var last: UInt64?
    private var suppressed = 0

    /// Whether to log at `now` (`CLOCK_MONOTONIC` nanoseconds); if so, how many were not logged
    /// since the last time.
    mutating func shouldLog(at now: UInt64) -> Int? {
        if let last, now &- last < 1_000_000_000 {
            suppressed += 1
            return nil
        }
        last = now
        defer { suppressed = 0 }
        return suppressed
    }
}
