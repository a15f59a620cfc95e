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
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
