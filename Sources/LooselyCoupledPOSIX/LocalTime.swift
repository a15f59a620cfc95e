#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Local wall-clock time through the C library (the timer and controller modules use it), which honours `TZ` and the system zone
/// database, so the daemon needs no Foundation calendar.
package enum LocalTime {
    package static let nanosecondsPerSecond: Int64 = 1_000_000_000

    /// Reads `TZ` (or /etc/localtime) again; call before a run of computations.
    package static func prepare() {
        tzset()
    }

    /// The first moment strictly after `wall` (nanoseconds since the epoch) whose local time of
    /// day is one of `secondsOfDay`, in nanoseconds since the epoch; `nil` for no times.
    ///
    /// Each candidate is built from a calendar day and a time of day with `mktime`, which
    /// resolves daylight saving time: a time skipped when clocks go forward comes out as the
    /// same offset after the jump (02:30 becomes 03:30), and a time that happens twice when
    /// clocks go back is one moment, so it fires once.
    package static func next(of secondsOfDay: [Int], after wall: Int64) -> Int64? {
        guard !secondsOfDay.isEmpty else { return nil }
        let afterSeconds = floorDivide(wall, nanosecondsPerSecond)
        var now = time_t(afterSeconds)
        var today = tm()
        guard localtime_r(&now, &today) != nil else { return nil }
        // The next occurrence is today or tomorrow; the third day covers a time that a daylight
        // saving change moved back before `wall` on both.
        for dayOffset in 0...2 {
            var best: Int64?
            for seconds in secondsOfDay {
                var candidate = tm()
                candidate.tm_year = today.tm_year
                candidate.tm_mon = today.tm_mon
                candidate.tm_mday = today.tm_mday + Int32(dayOffset)
                candidate.tm_hour = Int32(seconds / 3600)
                candidate.tm_min = Int32(seconds / 60 % 60)
                candidate.tm_sec = Int32(seconds % 60)
                candidate.tm_isdst = -1
                let result = Int64(mktime(&candidate))
                guard result != -1, result > afterSeconds else { continue }
                best = min(best ?? result, result)
            }
            if let best { return best * nanosecondsPerSecond }
        }
        return nil
    }

    /// `wall` (nanoseconds since the epoch) as local RFC 3339 time: `2026-03-29T07:00:00+02:00`.
    package static func rfc3339(_ wall: Int64) -> String {
        var seconds = time_t(floorDivide(wall, nanosecondsPerSecond))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return String(wall / nanosecondsPerSecond) }
        let offset = Int(parts.tm_gmtoff)
        let sign = offset < 0 ? "-" : "+"
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))"
            + "T\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))"
            + "\(sign)\(pad(abs(offset) / 3600)):\(pad(abs(offset) / 60 % 60))"
    }

    /// Seconds since midnight as the config writes them: `07:00`, or `07:00:30` with seconds.
    package static func timeOfDay(_ seconds: Int) -> String {
        let text = "\(pad(seconds / 3600)):\(pad(seconds / 60 % 60))"
        return seconds % 60 == 0 ? text : text + ":\(pad(seconds % 60))"
    }

    /// The current wall-clock time in nanoseconds since the epoch.
    package static func now() -> Int64 {
        WallClock.now()
    }

    /// The local time of day of `wall` (nanoseconds since the epoch), as seconds since midnight,
    /// and its weekday (0 = Sunday).
    package static func clock(at wall: Int64) -> (secondsOfDay: Int, weekday: Int) {
        var seconds = time_t(floorDivide(wall, nanosecondsPerSecond))
        var parts = tm()
        guard localtime_r(&seconds, &parts) != nil else { return (0, 0) }
        return (Int(parts.tm_hour) * 3600 + Int(parts.tm_min) * 60 + Int(parts.tm_sec), Int(parts.tm_wday))
    }

    private static func pad(_ number: some BinaryInteger) -> String {
        number < 10 ? "0\(number)" : "\(number)"
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
