import LooselyCoupledGPIO
import LooselyCoupledTestKit
import Testing

private typealias Change = BlinkScheduler<String>.Change

@Suite struct BlinkSchedulerSteadyTests {
    @Test func defaultRhythmsAreTheDocumentedOnes() {
        let expected: [String: UInt64] = [
            "very_slow": 2000, "slow": 1600, "normal": 1200, "fast": 800, "very_fast": 400,
        ]
        #expect(Set(Rhythm.defaults.keys) == Set(expected.keys))
        for (name, milliseconds) in expected {
            #expect(Rhythm.defaults[name] == Rhythm(on: .milliseconds(milliseconds), off: .milliseconds(milliseconds)))
        }
    }

    @Test func newOutputIsOffAndOnlyRealLevelChangesAreReported() throws {
        var outputs = try BlinkScheduler<String>()
        #expect(outputs.state(of: "porch") == nil)
        #expect(try outputs.set("porch", to: .off, at: .ms(0)) == .init(changes: [], deadline: nil))
        #expect(outputs.state(of: "porch") == .off)
        #expect(outputs.level(of: "porch") == false)
        #expect(
            try outputs.set("porch", to: .on, at: .ms(10))
                == .init(changes: [Change(output: "porch", value: true, state: .on)], deadline: nil))
        #expect(try outputs.set("porch", to: .on, at: .ms(20)).changes.isEmpty)
        #expect(outputs.level(of: "porch") == true)
    }

    @Test func toggleMakesOffOnAndEverythingElseOff() throws {
        var outputs = try BlinkHarness()
        outputs.toggle("porch", at: .ms(0))
        #expect(outputs.scheduler.state(of: "porch") == .on)
        outputs.toggle("porch", at: .ms(10))
        #expect(outputs.scheduler.state(of: "porch") == .off)
        try outputs.set("porch", .rhythm("fast"), at: .ms(20))
        outputs.toggle("porch", at: .ms(900))
        #expect(outputs.scheduler.state(of: "porch") == .off)
        try outputs.set("porch", .blink(on: .milliseconds(50), off: .milliseconds(50), count: nil), at: .ms(1000))
        outputs.toggle("porch", at: .ms(1010))
        #expect(outputs.scheduler.state(of: "porch") == .off)
        #expect(outputs.levels(of: "porch").map(\.1) == [true, false, true, false, true, false])
    }

    @Test func toggleAfterAPulseEndedUnticked() throws {
        // The pulse is over by the toggle's instant even if no tick has said so yet.
        var outputs = try BlinkScheduler<String>()
        _ = try outputs.set("porch", to: .pulse(.milliseconds(100)), at: .ms(0))
        let actions = outputs.toggle("porch", at: .ms(500))
        #expect(
            actions.changes == [
                Change(output: "porch", value: false, state: .off), Change(output: "porch", value: true, state: .on),
            ])
        #expect(outputs.state(of: "porch") == .on)
    }

    @Test func instantsGoingBackwardsCountAsTheLatestSeen() throws {
        var outputs = try BlinkScheduler<String>()
        _ = try outputs.set("porch", to: .rhythm("fast"), at: .ms(1000))
        _ = try outputs.set("hall", to: .rhythm("fast"), at: .ms(200))
        // hall joined at 1000, not 200: the rhythm, started at 1000, is on.
        #expect(outputs.level(of: "hall") == true)
        #expect(outputs.deadline == .ms(1800))
    }
}

@Suite struct BlinkSchedulerRhythmTests {
    @Test func rhythmStartsOnAndChangesOnEveryBoundary() throws {
        var outputs = try BlinkHarness()
        try outputs.set("porch", .rhythm("fast"), at: .ms(1000))
        #expect(
            outputs.log == [.init(at: .ms(1000), change: Change(output: "porch", value: true, state: .rhythm("fast")))])
        #expect(outputs.deadline == .ms(1800))
        outputs.run(until: .ms(5000))
        #expect(outputs.changeTimes(of: "porch") == times(1000, 1800, 2600, 3400, 4200, 5000))
        #expect(outputs.levels(of: "porch").map(\.1) == [true, false, true, false, true, false])
    }

    @Test func userDefinedRhythmWithUnequalParts() throws {
        var rhythms = Rhythm.defaults
        rhythms["alarm"] = Rhythm(on: .milliseconds(100), off: .milliseconds(300))
        var outputs = try BlinkHarness(rhythms: rhythms)
        try outputs.set("siren", .rhythm("alarm"), at: .ms(0))
        outputs.run(until: .ms(900))
        #expect(outputs.changeTimes(of: "siren") == times(0, 100, 400, 500, 800, 900))
    }

    @Test func outputsInOneRhythmChangeTogetherOnOneTimer() throws {
        var outputs = try BlinkHarness()
        try outputs.set("porch", .rhythm("fast"), at: .ms(0))
        try outputs.set("hall", .rhythm("fast"), at: .ms(300))
        try outputs.set("garage", .rhythm("fast"), at: .ms(500))
        outputs.run(until: .ms(3200))
        // Joining in the on part turns on at once; from then on all three share every boundary.
        #expect(outputs.changeTimes(of: "porch") == times(0, 800, 1600, 2400, 3200))
        #expect(outputs.changeTimes(of: "hall") == times(300, 800, 1600, 2400, 3200))
        #expect(outputs.changeTimes(of: "garage") == times(500, 800, 1600, 2400, 3200))
        #expect(outputs.levels(of: "porch").map(\.1) == outputs.levels(of: "hall").map(\.1))
        // One tick per boundary, not one per output.
        #expect(outputs.ticks == 4)
    }

    @Test func joiningInTheOffPartStaysOffUntilTheRhythmTurnsOn() throws {
        var outputs = try BlinkHarness()
        try outputs.set("porch", .rhythm("fast"), at: .ms(0))
        try outputs.set("hall", .rhythm("fast"), at: .ms(1000))
        #expect(outputs.changeTimes(of: "hall").isEmpty)
        #expect(outputs.scheduler.state(of: "hall") == .rhythm("fast"))
        outputs.run(until: .ms(1600))
        #expect(
            outputs.log.suffix(2).map(\.change) == [
                Change(output: "porch", value: true, state: .rhythm("fast")),
                Change(output: "hall", value: true, state: .rhythm("fast")),
            ])
    }

    @Test func joiningAtABoundaryNotYetTickedSeesTheNewPart() throws {
        var outputs = try BlinkScheduler<String>()
        _ = try outputs.set("porch", to: .rhythm("fast"), at: .ms(0))
        // The driver's timer for 800 has not fired yet; the request brings porch up to date first.
        let actions = try outputs.set("hall", to: .rhythm("fast"), at: .ms(800))
        #expect(actions.changes == [Change(output: "porch", value: false, state: .rhythm("fast"))])
        #expect(outputs.level(of: "hall") == false)
        #expect(actions.deadline == .ms(1600))
    }

    @Test func settingTheSameRhythmAgainKeepsItsPhase() throws {
        var outputs = try BlinkHarness()
        try outputs.set("porch", .rhythm("fast"), at: .ms(0))
        try outputs.set("porch", .rhythm("fast"), at: .ms(1000))
        #expect(outputs.deadline == .ms(1600))
        outputs.run(until: .ms(1600))
        #expect(outputs.changeTimes(of: "porch") == times(0, 800, 1600))
    }

    @Test func switchingRhythmMidBlinkLeavesNoStrayToggle() throws {
        var outputs = try BlinkHarness()
        try outputs.set("porch", .rhythm("fast"), at: .ms(0))
        // Mid on part: slow starts, on, so the level stays; fast, now empty, must not fire at 800.
        try outputs.set("porch", .rhythm("slow"), at: .ms(400))
        #expect(outputs.deadline == .ms(2000))
        outputs.run(until: .ms(3600))
        #expect(outputs.changeTimes(of: "porch") == times(0, 2000, 3600))
        #expect(outputs.log.last?.change == Change(output: "porch", value: true, state: .rhythm("slow")))
    }

    @Test func switchingRhythmTakesTheOtherRhythmsCurrentPart() throws {
        var outputs = try BlinkHarness()
        try outputs.set("porch", .rhythm("slow"), at: .ms(0))
        try outputs.set("hall", .rhythm("fast"), at: .ms(0))
        // At 1000 slow is on and fast is off: porch goes off now and on with hall at 1600.
        try outputs.set("porch", .rhythm("fast"), at: .ms(1000))
        outputs.run(until: .ms(2400))
        #expect(outputs.changeTimes(of: "porch") == times(0, 1000, 1600, 2400))
        #expect(outputs.changeTimes(of: "hall") == times(0, 800, 1600, 2400))
    }

    @Test(arguments: [
        (OutputState.on, UInt64(1000), [UInt64(0), 800, 1000]), (.off, 400, [0, 400]), (.on, 400, [0]),
        (.off, 1000, [0, 800]),
    ])
    func switchingToSteadyMidBlinkChangesAtMostOnce(state: OutputState, at switchAt: UInt64, expected: [UInt64]) throws
    {
        var outputs = try BlinkHarness()
        try outputs.set("porch", .rhythm("fast"), at: .ms(0))
        try outputs.set("porch", state, at: .ms(switchAt))
        #expect(outputs.deadline == nil)
        outputs.run(until: .ms(10_000))
        #expect(outputs.changeTimes(of: "porch") == expected.map { .ms($0) })
        #expect(outputs.scheduler.level(of: "porch") == (state == .on))
    }

    @Test func remainingOutputsKeepTheirPhaseWhenOneLeaves() throws {
        var outputs = try BlinkHarness()
        try outputs.set("porch", .rhythm("fast"), at: .ms(0))
        try outputs.set("hall", .rhythm("fast"), at: .ms(0))
        try outputs.set("porch", .on, at: .ms(1000))
        outputs.run(until: .ms(3200))
        #expect(outputs.changeTimes(of: "hall") == times(0, 800, 1600, 2400, 3200))
        #expect(outputs.changeTimes(of: "porch") == times(0, 800, 1000))
    }

    @Test func rhythmWithNoOutputsStopsAndRestartsFresh() throws {
        var outputs = try BlinkHarness()
        try outputs.set("porch", .rhythm("fast"), at: .ms(0))
        try outputs.set("porch", .off, at: .ms(1000))
        #expect(outputs.deadline == nil)
        #expect(outputs.scheduler.tick(at: .ms(100_000)) == .init(changes: [], deadline: nil))
        // Rejoined later, the rhythm starts over, on, from the join.
        try outputs.set("porch", .rhythm("fast"), at: .ms(100_300))
        #expect(outputs.scheduler.level(of: "porch") == true)
        #expect(outputs.deadline == .ms(101_100))
    }

    @Test func lateTickReportsTheNetChangeAndStaysInPhase() throws {
        var outputs = try BlinkScheduler<String>()
        _ = try outputs.set("porch", to: .rhythm("fast"), at: .ms(0))
        _ = try outputs.set("hall", to: .rhythm("fast"), at: .ms(0))
        // 2500 is 900 into the second cycle: off, and the next boundary is 3200 as if never late.
        var actions = outputs.tick(at: .ms(2500))
        #expect(actions.changes.map(\.value) == [false, false])
        #expect(actions.deadline == .ms(3200))
        // 4000 is in an off part again: nothing to change, however many boundaries passed.
        actions = outputs.tick(at: .ms(4000))
        #expect(actions == .init(changes: [], deadline: .ms(4800)))
    }
}

@Suite struct BlinkSchedulerBlinkAndPulseTests {
    @Test func blinkWithCountEndsOff() throws {
        var outputs = try BlinkHarness()
        let blink = OutputState.blink(on: .milliseconds(100), off: .milliseconds(200), count: 3)
        try outputs.set("porch", blink, at: .ms(1000))
        outputs.run(until: .ms(10_000))
        #expect(outputs.changeTimes(of: "porch") == times(1000, 1100, 1300, 1400, 1600, 1700))
        #expect(outputs.log.map(\.change.value) == [true, false, true, false, true, false])
        #expect(outputs.log.dropLast().allSatisfy { $0.change.state == blink })
        #expect(outputs.log.last?.change.state == .off)
        #expect(outputs.scheduler.state(of: "porch") == .off)
        #expect(outputs.deadline == nil)
    }

    @Test func blinkOnceIsOnThenOff() throws {
        var outputs = try BlinkHarness()
        try outputs.set("porch", .blink(on: .milliseconds(100), off: .milliseconds(200), count: 1), at: .ms(0))
        outputs.run(until: .ms(1000))
        #expect(outputs.changeTimes(of: "porch") == times(0, 100))
        #expect(outputs.scheduler.state(of: "porch") == .off)
    }

    @Test func lateTickPastTheEndOfABlinkReportsOneChangeToOff() throws {
        var outputs = try BlinkScheduler<String>()
        _ = try outputs.set("porch", to: .blink(on: .milliseconds(100), off: .milliseconds(100), count: 2), at: .ms(0))
        #expect(
            outputs.tick(at: .ms(5000))
                == .init(changes: [Change(output: "porch", value: false, state: .off)], deadline: nil))
    }

    @Test func lateTickThatSkipsTheLastOnPartStillReportsTheEnd() throws {
        var outputs = try BlinkScheduler<String>()
        _ = try outputs.set("porch", to: .blink(on: .milliseconds(100), off: .milliseconds(100), count: 3), at: .ms(0))
        // Off from 100 to 200; the tick after that comes only once the last on part (400–500) is over.
        #expect(
            outputs.tick(at: .ms(150)).changes == [
                Change(
                    output: "porch", value: false,
                    state: .blink(on: .milliseconds(100), off: .milliseconds(100), count: 3))
            ])
        #expect(
            outputs.tick(at: .ms(900))
                == .init(changes: [Change(output: "porch", value: false, state: .off)], deadline: nil))
        #expect(outputs.state(of: "porch") == .off)
        // Reported once: the output is steady now.
        #expect(outputs.tick(at: .ms(2000)) == .init(changes: [], deadline: nil))
    }

    @Test func endlessBlinkRequestedAgainRestartsItsPhase() throws {
        var outputs = try BlinkHarness()
        let blink = OutputState.blink(on: .milliseconds(100), off: .milliseconds(100), count: nil)
        try outputs.set("porch", blink, at: .ms(0))
        outputs.run(until: .ms(250))
        // On since 200; restarting at 250 keeps it on, until 350 rather than 300.
        try outputs.set("porch", blink, at: .ms(250))
        outputs.run(until: .ms(450))
        #expect(outputs.changeTimes(of: "porch") == times(0, 100, 200, 350, 450))
    }

    @Test func ownBlinksAreIndependentOfEachOtherAndOfRhythms() throws {
        var outputs = try BlinkHarness()
        try outputs.set("porch", .rhythm("very_fast"), at: .ms(0))
        try outputs.set("hall", .blink(on: .milliseconds(400), off: .milliseconds(400), count: nil), at: .ms(100))
        try outputs.set("garage", .blink(on: .milliseconds(400), off: .milliseconds(400), count: nil), at: .ms(200))
        outputs.run(until: .ms(1000))
        #expect(outputs.changeTimes(of: "porch") == times(0, 400, 800))
        #expect(outputs.changeTimes(of: "hall") == times(100, 500, 900))
        #expect(outputs.changeTimes(of: "garage") == times(200, 600, 1000))
    }

    @Test func pulseIsOnForItsDurationThenOff() throws {
        var outputs = try BlinkHarness()
        try outputs.set("bell", .pulse(.milliseconds(500)), at: .ms(100))
        #expect(outputs.deadline == .ms(600))
        outputs.run(until: .ms(5000))
        #expect(
            outputs.log.map(\.change) == [
                Change(output: "bell", value: true, state: .pulse(.milliseconds(500))),
                Change(output: "bell", value: false, state: .off),
            ])
        #expect(outputs.changeTimes(of: "bell") == times(100, 600))
    }

    @Test func pulseRequestedAgainIsExtended() throws {
        var outputs = try BlinkHarness()
        try outputs.set("bell", .pulse(.milliseconds(500)), at: .ms(0))
        try outputs.set("bell", .pulse(.milliseconds(500)), at: .ms(300))
        outputs.run(until: .ms(5000))
        #expect(outputs.changeTimes(of: "bell") == times(0, 800))
    }

    @Test func pulseWhileOnKeepsItOnThenTurnsOff() throws {
        var outputs = try BlinkHarness()
        try outputs.set("bell", .on, at: .ms(0))
        try outputs.set("bell", .pulse(.milliseconds(200)), at: .ms(100))
        outputs.run(until: .ms(5000))
        #expect(outputs.changeTimes(of: "bell") == times(0, 300))
    }

    @Test func pulseOutOfARhythmStopsTheRhythm() throws {
        var outputs = try BlinkHarness()
        try outputs.set("bell", .rhythm("fast"), at: .ms(0))
        try outputs.set("bell", .pulse(.milliseconds(100)), at: .ms(1000))
        outputs.run(until: .ms(5000))
        #expect(outputs.changeTimes(of: "bell") == times(0, 800, 1000, 1100))
        #expect(outputs.deadline == nil)
    }
}

@Suite struct BlinkSchedulerErrorTests {
    @Test func unknownRhythmNamesTheKnownOnesAndChangesNothing() throws {
        var outputs = try BlinkScheduler<String>()
        _ = try outputs.set("porch", to: .on, at: .ms(0))
        let error = #expect(throws: BlinkSchedulerError.self) {
            try outputs.set("porch", to: .rhythm("disco"), at: .ms(10))
        }
        #expect(error?.code == .unknownRhythm)
        #expect(error?.message == "unknown rhythm 'disco'; known rhythms: fast, normal, slow, very_fast, very_slow")
        #expect(outputs.state(of: "porch") == .on)
    }

    @Test(arguments: [
        (OutputState.blink(on: .zero, off: .milliseconds(100), count: nil), BlinkSchedulerError.Code.invalidDuration),
        (.blink(on: .milliseconds(100), off: .milliseconds(-5), count: 2), .invalidDuration),
        (.blink(on: .milliseconds(100), off: .milliseconds(100), count: 0), .invalidCount),
        (.blink(on: .milliseconds(100), off: .milliseconds(100), count: -1), .invalidCount),
        (.pulse(.zero), .invalidDuration),
        (.pulse(.nanoseconds(-1)), .invalidDuration),
    ])
    func invalidRequestsAreRefusedBeforeAnythingChanges(state: OutputState, code: BlinkSchedulerError.Code) throws {
        var outputs = try BlinkScheduler<String>()
        _ = try outputs.set("porch", to: .rhythm("fast"), at: .ms(0))
        let before = outputs
        let error = #expect(throws: BlinkSchedulerError.self) {
            try outputs.set("porch", to: state, at: .ms(10))
        }
        #expect(error?.code == code)
        #expect(outputs == before)
    }

    @Test func rhythmWithAZeroPartIsRefused() {
        let error = #expect(throws: BlinkSchedulerError.self) {
            try BlinkScheduler<String>(rhythms: ["alarm": Rhythm(on: .milliseconds(100), off: .zero)])
        }
        #expect(error?.code == .invalidDuration)
        #expect(error?.description.contains("'alarm'") == true)
    }
}

@Suite struct BlinkSchedulerPropertyTests {
    private static let rhythms: [String: Rhythm] = Rhythm.defaults.merging(
        ["alarm": Rhythm(on: .milliseconds(150), off: .milliseconds(250))], uniquingKeysWith: { $1 }
    )

    @Test(arguments: 0..<150 as Range<UInt64>)
    func randomRequestsFollowTheDocumentedLevels(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        func ms(_ range: ClosedRange<UInt64>) -> UInt64 { UInt64.random(in: range, using: &random) * 1_000_000 }
        var outputs = try BlinkHarness(rhythms: Self.rhythms)
        var model = BlinkReferenceModel(rhythms: Self.rhythms)
        let names = ["a", "b", "c", "d"]
        var now: UInt64 = 0

        func check(at instant: UInt64, _ what: String) {
            model.expire(at: instant)
            for name in names where model.states[name] != nil {
                #expect(
                    outputs.scheduler.state(of: name) == model.states[name],
                    "state of \(name) after \(what) (seed \(seed))")
                #expect(
                    outputs.scheduler.level(of: name) == model.level(of: name, at: instant),
                    "level of \(name) at \(instant) after \(what) (seed \(seed))")
            }
            #expect(
                (outputs.deadline != nil) == model.hasTimers,
                "deadline \(String(describing: outputs.deadline)) after \(what) (seed \(seed))")
        }

        for step in 0..<60 {
            // Multiples of 50 ms often land exactly on boundaries; other steps fall in between.
            now +=
                Bool.random(using: &random)
                ? ms(0...40) * 50 : ms(0...1500) + UInt64.random(in: 0..<1_000_000, using: &random)
            while let due = outputs.deadline, due <= .ns(now) {
                let before = outputs.log.count
                outputs.run(until: due)
                #expect(outputs.log.count > before, "a tick at \(due) changed nothing (seed \(seed))")
                check(at: due.nanoseconds, "tick")
            }
            let name = names[Int.random(in: 0..<names.count, using: &random)]
            let state: OutputState
            switch UInt64.random(in: 0..<100, using: &random) {
            case ..<40: state = .rhythm(["fast", "very_fast", "alarm"][Int.random(in: 0..<3, using: &random)])
            case ..<50: state = .on
            case ..<60: state = .off
            case ..<75:
                let count: Int? = Bool.random(using: &random) ? nil : Int.random(in: 1...4, using: &random)
                state = .blink(on: .nanoseconds(ms(1...6) * 50), off: .nanoseconds(ms(1...6) * 50), count: count)
            case ..<85: state = .pulse(.nanoseconds(ms(1...20) * 50))
            default:
                outputs.toggle(name, at: .ns(now))
                model.toggle(name, at: now)
                check(at: now, "step \(step): toggle \(name)")
                continue
            }
            try outputs.set(name, state, at: .ns(now))
            model.request(name, state, at: now)
            check(at: now, "step \(step): \(name) to \(state)")
        }

        // No stray toggles: every change flips its output, starting from off.
        for name in names {
            let levels = outputs.levels(of: name).map(\.1)
            #expect(
                zip([false] + levels, levels).allSatisfy { $0 != $1 },
                "\(name) repeated a level (seed \(seed)): \(levels)")
        }
        // Outputs in one rhythm share every level change they were both members for, which the
        // per-tick check against the model's one epoch per rhythm already proves; check it directly too.
        for name in names {
            guard case .rhythm(let rhythm)? = outputs.scheduler.state(of: name) else { continue }
            for other in names where outputs.scheduler.state(of: other) == .rhythm(rhythm) {
                #expect(outputs.scheduler.level(of: name) == outputs.scheduler.level(of: other))
            }
        }
    }
}
