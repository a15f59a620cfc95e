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
    /// Each candidate is a calendar day and a time of day, resolved by ``occurrence(of:on:plus:)``:
    /// a time skipped when clocks go forward comes out as the same offset after the jump (02:30
    /// becomes 03:30), and a time that happens twice when clocks go back is its first
    /// occurrence, so it fires once that day.
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
                guard let result = occurrence(of: seconds, on: today, plus: dayOffset), result > afterSeconds else {
                    continue
                }
                best = min(best ?? result, result)
            }
            if let best { return best * nanosecondsPerSecond }
        }
        return nil
    }

    /// The moment, in seconds since the epoch, that the clock shows `seconds` after midnight on
    /// the day `days` after `today`. Where clocks go back and show the time twice, the first of
    /// the two; where they go forward past it, the moment as far after the jump.
    ///
    /// `mktime` with `tm_isdst = -1` would choose between two such moments by a guess it keeps
    /// from earlier calls (of any thread), so each reading of the clock, standard time and
    /// summer time, is made explicitly, and the ones the clock really shows that day are kept.
    static func occurrence(of seconds: Int, on today: tm, plus days: Int) -> Int64? {
        func moment(_ hour: Int32, _ minute: Int32, _ second: Int32, isDST: Int32) -> time_t? {
            var parts = tm()
            parts.tm_year = today.tm_year
            parts.tm_mon = today.tm_mon
            parts.tm_mday = today.tm_mday + Int32(days)
            parts.tm_hour = hour
            parts.tm_min = minute
            parts.tm_sec = second
            parts.tm_isdst = isDST
            let result = mktime(&parts)
            return result == -1 ? nil : result
        }
        // Which day it is, from its noon, which no daylight saving change moves.
        guard var noon = moment(12, 0, 0, isDST: -1) else { return nil }
        var day = tm()
        guard localtime_r(&noon, &day) != nil else { return nil }
        let hour = Int32(seconds / 3600)
        let minute = Int32(seconds / 60 % 60)
        let second = Int32(seconds % 60)
        var shown: [time_t] = []
        var readings: [time_t] = []
        for isDST: Int32 in [0, 1] {
            guard var result = moment(hour, minute, second, isDST: isDST) else { continue }
            readings.append(result)
            var local = tm()
            guard localtime_r(&result, &local) != nil else { continue }
            if local.tm_year == day.tm_year, local.tm_yday == day.tm_yday, local.tm_hour == hour,
                local.tm_min == minute, local.tm_sec == second
            {
                shown.append(result)
            }
        }
        // Skipped: the later reading is the one past the jump (02:30 standard time is 03:30 summer time).
        return (shown.min() ?? readings.max()).map { Int64($0) }
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
