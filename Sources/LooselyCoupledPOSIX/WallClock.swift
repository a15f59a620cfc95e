#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The wall clock, read and printed with the C library (no Foundation).
package enum WallClock {
    /// Nanoseconds since the epoch.
    package static func now() -> Int64 {
        nanoseconds(of: CLOCK_REALTIME)
    }

    /// `nanoseconds` since the epoch as RFC 3339 with milliseconds: in UTC
    /// (`2026-03-29T05:00:00.123Z`) or local time with its offset (`…07:00:00.123+02:00`).
    package static func rfc3339(_ nanoseconds: Int64, utc: Bool) -> String {
        var seconds = time_t(nanoseconds / 1_000_000_000)
        let milliseconds = Int(nanoseconds % 1_000_000_000 / 1_000_000)
        var parts = tm()
        guard (utc ? gmtime_r(&seconds, &parts) : localtime_r(&seconds, &parts)) != nil else { return String(seconds) }
        var text = "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))"
        text += "T\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))."
        text += milliseconds < 10 ? "00\(milliseconds)" : milliseconds < 100 ? "0\(milliseconds)" : "\(milliseconds)"
        if utc { return text + "Z" }
        let offset = Int(parts.tm_gmtoff)
        return text + (offset < 0 ? "-" : "+") + "\(pad(abs(offset) / 3600)):\(pad(abs(offset) / 60 % 60))"
    }

    private static func pad(_ number: some BinaryInteger) -> String {
        number < 10 ? "0\(number)" : "\(number)"
    }
}
