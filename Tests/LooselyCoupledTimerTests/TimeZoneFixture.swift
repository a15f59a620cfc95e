#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Central European time with its daylight saving rules as a POSIX `TZ` string, so the tests
/// need no zone database: summer time from the last Sunday of March 02:00 to the last Sunday of
/// October 03:00. Every test calls it first; it is set once, before any test reads local time,
/// because `setenv` races with readers of the environment.
let centralEuropeanTime: Void = {
    setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3", 1)
    tzset()
}()

/// Nanoseconds since the epoch of a UTC date and time.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Int64 {
    var parts = tm()
    parts.tm_year = Int32(year - 1900)
    parts.tm_mon = Int32(month - 1)
    parts.tm_mday = Int32(day)
    parts.tm_hour = Int32(hour)
    parts.tm_min = Int32(minute)
    parts.tm_sec = Int32(second)
    return Int64(timegm(&parts)) * 1_000_000_000
}

/// Seconds since midnight of `HH:MM`.
func clock(_ hour: Int, _ minute: Int) -> Int { hour * 3600 + minute * 60 }
