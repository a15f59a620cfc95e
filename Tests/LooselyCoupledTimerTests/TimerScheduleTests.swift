import Testing

@testable import LooselyCoupledTimer

@Suite("TimerSchedule")
struct TimerScheduleTests {
    init() { centralEuropeanTime }

    private let second: UInt64 = 1_000_000_000
    /// A Saturday in January, 10:00 CET.
    private let morning = utc(2026, 1, 10, 9, 0)

    private func instant(_ monotonic: UInt64, wall: Int64) -> TimerInstant {
        TimerInstant(monotonic: monotonic, wall: wall)
    }

    @Test("an interval fires one period after start, then every period")
    func interval() {
        var schedule = TimerSchedule(every: .seconds(10), at: [])
        #expect(!schedule.isRunning)
        #expect(schedule.delay(from: instant(100 * second, wall: morning)) == nil)
        schedule.start(at: instant(100 * second, wall: morning))
        #expect(schedule.isRunning)
        #expect(schedule.delay(from: instant(100 * second, wall: morning)) == .seconds(10))
        #expect(schedule.advance(to: instant(109 * second, wall: morning)).fires == false)
        #expect(schedule.delay(from: instant(109 * second, wall: morning)) == .seconds(1))
        #expect(schedule.advance(to: instant(110 * second, wall: morning)).fires)
        #expect(schedule.delay(from: instant(110 * second, wall: morning)) == .seconds(10))
    }

    @Test("an interval overslept by several periods fires once and keeps its phase")
    func oversleptInterval() {
        var schedule = TimerSchedule(every: .seconds(10), at: [])
        schedule.start(at: instant(0, wall: morning))
        // Woke 35 s late, after the firings due at 10, 20, 30 and 40 s.
        #expect(
            schedule.advance(to: instant(45 * second, wall: morning)) == TimerSchedule.Step(fires: true, missed: nil))
        #expect(schedule.delay(from: instant(45 * second, wall: morning)) == .seconds(5))
        #expect(schedule.advance(to: instant(49 * second, wall: morning)).fires == false)
    }

    @Test("a wake-up a little early fires nothing and asks for the rest")
    func earlyWakeUp() {
        var schedule = TimerSchedule(every: .milliseconds(100), at: [])
        schedule.start(at: instant(0, wall: morning))
        #expect(schedule.advance(to: instant(99_999_000, wall: morning)).fires == false)
        #expect(schedule.delay(from: instant(99_999_000, wall: morning)) == .microseconds(1))
    }

    @Test("a time of day fires when its wall-clock time comes")
    func timeOfDay() {
        var schedule = TimerSchedule(every: nil, at: [clock(10, 30)])
        schedule.start(at: instant(0, wall: morning))
        // Sleeps at most 30 s at a time, so a step of the wall clock is noticed.
        #expect(schedule.delay(from: instant(0, wall: morning)) == .seconds(30))
        let due = morning + 1_800_000_000_000  // 10:30 CET
        #expect(schedule.delay(from: instant(0, wall: due - 2_000_000_000)) == .seconds(2))
        #expect(schedule.advance(to: instant(0, wall: due - 1)).fires == false)
        #expect(schedule.advance(to: instant(0, wall: due + 5_000_000)).fires)
        #expect(schedule.nextFiring(from: instant(0, wall: due)) == utc(2026, 1, 11, 9, 30))
    }

    @Test("a time of day passed by a forward clock step is missed, not fired, and the next one is kept")
    func clockSteppedForward() {
        var schedule = TimerSchedule(every: nil, at: [clock(7, 0)])
        // Booted with a stale clock at 06:00 CET; NTP then steps it to 09:00.
        schedule.start(at: instant(0, wall: utc(2026, 1, 10, 5, 0)))
        let step = schedule.advance(to: instant(30 * second, wall: utc(2026, 1, 10, 8, 0)))
        #expect(step == TimerSchedule.Step(fires: false, missed: utc(2026, 1, 10, 6, 0)))
        #expect(schedule.nextFiring(from: instant(30 * second, wall: utc(2026, 1, 10, 8, 0))) == utc(2026, 1, 11, 6, 0))
    }

    @Test("a time of day up to a minute late still fires")
    func slightlyLate() {
        var schedule = TimerSchedule(every: nil, at: [clock(7, 0)])
        schedule.start(at: instant(0, wall: utc(2026, 1, 10, 5, 0)))
        #expect(schedule.advance(to: instant(0, wall: utc(2026, 1, 10, 6, 1))).fires)
    }

    @Test("a backward clock step after a firing does not fire it again")
    func clockSteppedBack() {
        var schedule = TimerSchedule(every: nil, at: [clock(7, 0)])
        schedule.start(at: instant(0, wall: utc(2026, 1, 10, 5, 59)))
        #expect(schedule.advance(to: instant(0, wall: utc(2026, 1, 10, 6, 0))).fires)
        #expect(schedule.advance(to: instant(0, wall: utc(2026, 1, 10, 5, 30))).fires == false)
        #expect(schedule.advance(to: instant(0, wall: utc(2026, 1, 10, 6, 0, 1))).fires == false)
    }

    @Test("every and at together: the earlier decides the sleep, a coincidence fires once")
    func both() {
        var schedule = TimerSchedule(every: .seconds(60), at: [clock(10, 1)])
        schedule.start(at: instant(0, wall: morning))
        #expect(schedule.delay(from: instant(0, wall: morning)) == .seconds(30))
        // At 10:01 both are due.
        #expect(
            schedule.advance(to: instant(60 * second, wall: morning + 60_000_000_000))
                == TimerSchedule.Step(fires: true, missed: nil))
        #expect(schedule.advance(to: instant(60 * second, wall: morning + 60_000_000_000)).fires == false)
    }

    @Test("stop ends firing; start again counts from the new start")
    func stopAndRestart() {
        var schedule = TimerSchedule(every: .seconds(10), at: [])
        schedule.start(at: instant(0, wall: morning))
        schedule.stop()
        #expect(!schedule.isRunning)
        #expect(schedule.advance(to: instant(20 * second, wall: morning)).fires == false)
        #expect(schedule.nextFiring(from: instant(20 * second, wall: morning)) == nil)
        schedule.start(at: instant(25 * second, wall: morning))
        #expect(schedule.advance(to: instant(30 * second, wall: morning)).fires == false)
        #expect(schedule.advance(to: instant(35 * second, wall: morning)).fires)
    }
}
