import LooselyCoupledPOSIX
import Testing

@testable import LooselyCoupledTimer

#if canImport(Glibc)
    import Glibc
#endif

@Suite("LocalTime")
struct LocalTimeTests {
    init() { centralEuropeanTime }

    @Test("the next time of day is later today, or tomorrow once it has passed")
    func todayOrTomorrow() {
        // 2026-01-10 06:59:59 CET is 05:59:59 UTC.
        #expect(LocalTime.next(of: [clock(7, 0)], after: utc(2026, 1, 10, 5, 59, 59)) == utc(2026, 1, 10, 6, 0))
        // Exactly at 07:00 the next one is tomorrow's: a timer that just fired does not fire again.
        #expect(LocalTime.next(of: [clock(7, 0)], after: utc(2026, 1, 10, 6, 0)) == utc(2026, 1, 11, 6, 0))
        #expect(LocalTime.next(of: [clock(7, 0)], after: utc(2026, 1, 10, 6, 0) + 1) == utc(2026, 1, 11, 6, 0))
    }

    @Test("of several times the earliest still ahead wins, in any order")
    func severalTimes() {
        let times = [clock(22, 0), clock(7, 0), clock(12, 30)]
        #expect(LocalTime.next(of: times, after: utc(2026, 1, 10, 8, 0)) == utc(2026, 1, 10, 11, 30))
        #expect(LocalTime.next(of: times, after: utc(2026, 1, 10, 21, 0)) == utc(2026, 1, 11, 6, 0))
        #expect(LocalTime.next(of: [], after: utc(2026, 1, 10, 8, 0)) == nil)
    }

    @Test("07:00 stays 07:00 local across the spring change: 23 hours apart")
    func springForwardKeepsLocalTime() {
        // Saturday 28 March 2026 07:00 CET = 06:00 UTC; Sunday 29 March 07:00 CEST = 05:00 UTC.
        let saturday = utc(2026, 3, 28, 6, 0)
        #expect(LocalTime.next(of: [clock(7, 0)], after: saturday) == utc(2026, 3, 29, 5, 0))
    }

    @Test("a time skipped by the spring change fires just after the jump, once")
    func springForwardSkippedTime() {
        // 02:30 does not exist on 29 March 2026: clocks go from 02:00 CET to 03:00 CEST.
        let midnight = utc(2026, 3, 28, 23, 0)  // 00:00 CET
        let first = LocalTime.next(of: [clock(2, 30)], after: midnight)
        #expect(first == utc(2026, 3, 29, 1, 30))  // 03:30 CEST
        // The next is Monday's 02:30 CEST.
        #expect(first.flatMap { LocalTime.next(of: [clock(2, 30)], after: $0) } == utc(2026, 3, 30, 0, 30))
    }

    @Test("07:00 stays 07:00 local across the autumn change: 25 hours apart")
    func fallBackKeepsLocalTime() {
        // Saturday 24 October 2026 07:00 CEST = 05:00 UTC; Sunday 25 October 07:00 CET = 06:00 UTC.
        #expect(LocalTime.next(of: [clock(7, 0)], after: utc(2026, 10, 24, 5, 0)) == utc(2026, 10, 25, 6, 0))
    }

    /// Leaves the C library's `mktime` guessing standard (`isDST` 0) or summer time (1) for a
    /// time that is both, as an earlier call of any thread would: the guess it keeps between calls.
    static func primeMktime(summer: Bool) {
        var parts = tm()
        parts.tm_year = 2026 - 1900
        parts.tm_mon = summer ? 6 : 0
        parts.tm_mday = 10
        parts.tm_hour = 12
        parts.tm_isdst = -1
        _ = mktime(&parts)
    }

    @Test(
        "a time that happens twice in the autumn change fires once that day, at its first occurrence",
        arguments: [false, true])
    func fallBackRepeatedTime(primedSummer: Bool) throws {
        // 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET) on 25 October 2026.
        let midnight = utc(2026, 10, 24, 22, 0)  // 00:00 CEST
        Self.primeMktime(summer: primedSummer)
        let first = try #require(LocalTime.next(of: [clock(2, 30)], after: midnight))
        #expect(first == utc(2026, 10, 25, 0, 30))
        // Not again at 01:30 UTC, whatever mktime guessed last: the next firing is Monday's.
        Self.primeMktime(summer: !primedSummer)
        #expect(LocalTime.next(of: [clock(2, 30)], after: first) == utc(2026, 10, 26, 1, 30))
        // After the first, before the second, the second is not a firing either.
        #expect(LocalTime.next(of: [clock(2, 30)], after: utc(2026, 10, 25, 1, 0)) == utc(2026, 10, 26, 1, 30))
    }

    @Test("times print as the config writes them, and as local RFC 3339")
    func formatting() {
        #expect(LocalTime.timeOfDay(clock(7, 5)) == "07:05")
        #expect(LocalTime.timeOfDay(clock(23, 59) + 30) == "23:59:30")
        #expect(LocalTime.rfc3339(utc(2026, 1, 10, 6, 0)) == "2026-01-10T07:00:00+01:00")
        #expect(LocalTime.rfc3339(utc(2026, 7, 10, 5, 0)) == "2026-07-10T07:00:00+02:00")
    }
}
