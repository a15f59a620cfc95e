#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `CLOCK_MONOTONIC` in nanoseconds: the clock of item timestamps, the same in every thread.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point (boot, on Linux).
    public static func now() -> UInt64 {
        UInt64(truncatingIfNeeded: nanoseconds(of: CLOCK_MONOTONIC))
    }
}

/// `clock`'s time in nanoseconds, as `clock_gettime(2)` reads it.
func nanoseconds(of clock: clockid_t) -> Int64 {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Int64(ts.tv_sec) &* 1_000_000_000 &+ Int64(ts.tv_nsec)
}
