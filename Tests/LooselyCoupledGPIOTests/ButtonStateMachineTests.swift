import LooselyCoupledGPIO
import Testing

/// Filters off, so edges count at once; click timings are the module's documented example.
private let clean = ButtonStateMachine.Configuration(
    debounce: .zero, glitchFilter: .zero, maxPress: .milliseconds(400), doubleClickGap: .milliseconds(300),
    longPress: .milliseconds(800), holdDelay: .milliseconds(1000), holdRepeat: .milliseconds(250)
)

/// The same with a 10 ms debounce.
private let debounced: ButtonStateMachine.Configuration = {
    var configuration = clean
    configuration.debounce = .milliseconds(10)
    return configuration
}()

@Suite struct ButtonFilteringTests {
    @Test func cleanEdgeIsAcceptedAtOnce() {
        var button = ButtonHarness(clean)
        button.edge(true, at: .ms(100))
        #expect(button.events == pressed(ms: 100))
        #expect(button.log.map(\.reportedAt) == [.ms(100), .ms(100)])
        #expect(button.machine.level)
    }

    @Test func debounceWaitsButKeepsTheEdgesTimestamp() {
        var button = ButtonHarness(debounced)
        button.edge(true, at: .ms(100))
        #expect(button.events.isEmpty)
        #expect(button.deadline == .ms(110))
        #expect(!button.machine.level)
        button.run(until: .ms(110))
        #expect(button.events == pressed(ms: 100))
        #expect(button.log.map(\.reportedAt) == [.ms(110), .ms(110)])
        #expect(button.machine.level)
    }

    @Test func bouncingContactsGiveOnePressAndOneRelease() {
        var button = ButtonHarness(debounced)
        for (microseconds, level) in [
            (100_000, true), (100_300, false), (100_600, true), (101_000, false), (101_200, true),
        ] {
            button.edge(level, at: .us(UInt64(microseconds)))
        }
        button.run(until: .ms(300))
        for (microseconds, level) in [(300_000, false), (300_400, true), (300_900, false)] {
            button.edge(level, at: .us(UInt64(microseconds)))
        }
        button.run(until: .ms(2000))
        #expect(
            button.events == [
                ButtonEvent(.input(value: true, edge: .rising), at: .us(101_200)),
                ButtonEvent(.press, at: .us(101_200)),
                ButtonEvent(.input(value: false, edge: .falling), at: .us(300_900)),
                ButtonEvent(.release, at: .us(300_900)),
                ButtonEvent(.click, at: .us(300_900)),
            ]
        )
        // Each is known only once its level has been stable for the debounce, and the click once
        // the double-click gap has passed.
        #expect(button.log.map(\.reportedAt) == [.us(111_200), .us(111_200), .us(310_900), .us(310_900), .us(600_900)])
    }

    @Test func pulseShorterThanTheDebounceIsIgnored() {
        var button = ButtonHarness(debounced)
        button.edge(true, at: .ms(100))
        button.edge(false, at: .ns(109_999_999))
        button.run(until: .ms(5000))
        #expect(button.events.isEmpty)
        #expect(button.deadline == nil)
    }

    @Test func pulseOfExactlyTheDebounceIsAccepted() {
        var button = ButtonHarness(debounced)
        button.press(from: .ms(100), to: .ms(110))
        button.run(until: .ms(5000))
        #expect(button.events == pressed(ms: 100) + released(ms: 110) + [at(.click, ms: 110)])
    }

    @Test func glitchFilterKeepsAGlitchFromRestartingTheDebounce() {
        var withFilter = debounced
        withFilter.glitchFilter = .milliseconds(2)
        for (configuration, pressAt) in [(withFilter, UInt64(100)), (debounced, 106)] {
            var button = ButtonHarness(configuration)
            button.edge(true, at: .ms(100))
            button.edge(false, at: .ms(105))
            button.edge(true, at: .ms(106))
            button.run(until: .ms(200))
            #expect(button.events == pressed(ms: pressAt))
            #expect(button.log.map(\.reportedAt) == [.ms(pressAt + 10), .ms(pressAt + 10)])
        }
    }

    @Test func glitchFilterDropsBothEdgesOfAShortPulse() {
        var configuration = clean
        configuration.glitchFilter = .milliseconds(2)
        var button = ButtonHarness(configuration)
        button.edge(true, at: .ms(100))
        button.edge(false, at: .ns(101_999_999))
        button.run(until: .ms(150))
        #expect(button.events.isEmpty)
        button.press(from: .ms(200), to: .ms(202))
        button.run(until: .ms(1000))
        #expect(button.events == pressed(ms: 200) + released(ms: 202) + [at(.click, ms: 202)])
        #expect(button.log.map(\.reportedAt) == [.ms(202), .ms(202), .ms(204), .ms(204), .ms(502)])
    }

    @Test func glitchDuringAHeldPressChangesNothing() {
        var configuration = clean
        configuration.glitchFilter = .milliseconds(2)
        var button = ButtonHarness(configuration)
        button.edge(true, at: .ms(0))
        button.edge(false, at: .ms(500))
        button.edge(true, at: .ms(501))
        button.run(until: .ms(900))
        // Still one press, and the long press counts from the real press, not from the glitch.
        #expect(button.events == pressed(ms: 0) + [at(.longPress, ms: 800)])
    }

    @Test func debounceWaitsForAGlitchFilterEdgeStillPending() {
        var configuration = debounced
        configuration.glitchFilter = .milliseconds(4)
        var button = ButtonHarness(configuration)
        button.edge(true, at: .ms(2))
        // Low from 9 for at least 4 ms: the high from 2 lasted 7 ms, short of the debounce. A
        // duplicate report at 12, after 2 + 10 but before the glitch filter knows, must not
        // let the debounce accept the high.
        button.edge(false, at: .ms(9))
        button.edge(false, at: .ms(12))
        button.strayTick(at: .ms(12))
        button.run(until: .ms(1000))
        #expect(button.events.isEmpty)
    }

    @Test func repeatedReportsOfOneLevelAreIgnored() {
        var button = ButtonHarness(debounced)
        button.edge(true, at: .ms(100))
        button.edge(true, at: .ms(105))
        button.run(until: .ms(200))
        #expect(button.events == pressed(ms: 100))
        #expect(button.log.first?.reportedAt == .ms(110))
        button.edge(true, at: .ms(250))
        #expect(button.deadline == .ms(900))
    }

    @Test func inputHeldAtStartReleasesWithoutARelease() {
        var button = ButtonHarness(clean, initialLevel: true)
        #expect(button.machine.level)
        button.edge(false, at: .ms(50))
        button.run(until: .ms(5000))
        #expect(button.events == [at(.input(value: false, edge: .falling), ms: 50)])
        button.press(from: .ms(6000), to: .ms(6100))
        button.run(until: .ms(7000))
        #expect(button.gestures == [at(.press, ms: 6000), at(.release, ms: 6100), at(.click, ms: 6100)])
    }

    @Test func instantsGoingBackwardsCountAsTheLatestSeen() {
        var button = ButtonHarness(clean)
        button.edge(true, at: .ms(100))
        button.edge(false, at: .ms(50))
        #expect(button.events == pressed(ms: 100) + released(ms: 100))
    }

    @Test func tickingEarlyOrLateIsHarmless() {
        var machine = ButtonStateMachine(configuration: debounced)
        #expect(machine.deadline == nil)
        #expect(machine.edge(level: true, at: .ms(100)) == .init(events: [], deadline: .ms(110)))
        #expect(machine.tick(at: .ms(105)) == .init(events: [], deadline: .ms(110)))
        // One late tick reports everything that has happened, each stamped when it happened.
        let late = machine.tick(at: .ms(2000))
        #expect(
            late.events == pressed(ms: 100) + [
                at(.longPress, ms: 900), at(.hold(repeat: 0), ms: 1100), at(.hold(repeat: 1), ms: 1350),
                at(.hold(repeat: 2), ms: 1600), at(.hold(repeat: 3), ms: 1850),
            ]
        )
        #expect(late.deadline == .ms(2100))
    }
}

@Suite struct ButtonClickTests {
    @Test func singleClickIsReportedOnceTheGapHasPassed() {
        var button = ButtonHarness(clean)
        button.press(from: .ms(0), to: .ms(100))
        #expect(button.gestures == [at(.press, ms: 0), at(.release, ms: 100)])
        #expect(button.deadline == .ms(400))
        button.run(until: .ns(399_999_999))
        #expect(button.gestures.count == 2)
        button.run(until: .ms(400))
        #expect(button.log.last == .init(event: at(.click, ms: 100), reportedAt: .ms(400)))
        #expect(button.deadline == nil)
    }

    @Test(arguments: [
        (1, ButtonEvent.Kind.click), (2, .doubleClick), (3, .multiClick(count: 3)), (4, .multiClick(count: 4)),
        (7, .multiClick(count: 7)),
    ])
    func shortPressesInARowAreReportedOnce(count: Int, kind: ButtonEvent.Kind) {
        var button = ButtonHarness(clean)
        for index in 0..<UInt64(count) {
            button.press(from: .ms(index * 250), to: .ms(index * 250 + 100))
        }
        button.run(until: .ms(10_000))
        let lastRelease = UInt64(count - 1) * 250 + 100
        var expected: [ButtonEvent] = []
        for index in 0..<UInt64(count) {
            expected += [at(.press, ms: index * 250), at(.release, ms: index * 250 + 100)]
        }
        #expect(button.gestures == expected + [at(kind, ms: lastRelease)])
        #expect(button.log.last?.reportedAt == .ms(lastRelease + 300))
    }

    @Test func pressLongerThanMaxPressReleasedBeforeLongPressIsNeither() {
        var button = ButtonHarness(clean)
        button.press(from: .ms(0), to: .ms(500))
        button.run(until: .ms(10_000))
        #expect(button.gestures == [at(.press, ms: 0), at(.release, ms: 500)])
        #expect(button.deadline == nil)
    }

    @Test func releaseAtExactlyMaxPressIsStillAClick() {
        var button = ButtonHarness(clean)
        button.press(from: .ms(0), to: .ms(400))
        button.run(until: .ms(1000))
        #expect(button.gestures.last == at(.click, ms: 400))
    }

    @Test func releaseJustAfterMaxPressIsNoClick() {
        var button = ButtonHarness(clean)
        button.press(from: .ms(0), to: .ns(400_000_001))
        button.run(until: .ms(1000))
        #expect(button.gestures == [at(.press, ms: 0), ButtonEvent(.release, at: .ns(400_000_001))])
    }

    @Test func pressAtExactlyTheGapStartsANewSequence() {
        var button = ButtonHarness(clean)
        button.press(from: .ms(0), to: .ms(100))
        button.press(from: .ms(400), to: .ms(500))
        button.run(until: .ms(2000))
        #expect(
            button.gestures == [
                at(.press, ms: 0), at(.release, ms: 100), at(.click, ms: 100),
                at(.press, ms: 400), at(.release, ms: 500), at(.click, ms: 500),
            ]
        )
    }

    @Test func pressJustInsideTheGapContinuesTheSequence() {
        var button = ButtonHarness(clean)
        button.press(from: .ms(0), to: .ms(100))
        button.press(from: .ns(399_999_999), to: .ms(500))
        button.run(until: .ms(2000))
        #expect(button.gestures.map(\.kind) == [.press, .release, .press, .release, .doubleClick])
    }

    @Test func pressStillBeingDebouncedAtTheGapContinuesTheSequence() {
        var button = ButtonHarness(debounced)
        button.press(from: .ms(0), to: .ms(100))
        // 295 ms after the release: inside the gap, though only known 10 ms later, past it.
        button.press(from: .ms(395), to: .ms(450))
        button.run(until: .ms(2000))
        #expect(
            button.gestures == [
                at(.press, ms: 0), at(.release, ms: 100), at(.press, ms: 395), at(.release, ms: 450),
                at(.doubleClick, ms: 450),
            ]
        )
    }

    @Test func zeroGapReportsEveryClickAtItsRelease() {
        var configuration = clean
        configuration.doubleClickGap = .zero
        var button = ButtonHarness(configuration)
        button.press(from: .ms(0), to: .ms(100))
        #expect(button.log.last == .init(event: at(.click, ms: 100), reportedAt: .ms(100)))
        button.press(from: .ms(150), to: .ms(250))
        #expect(button.gestures.map(\.kind) == [.press, .release, .click, .press, .release, .click])
    }

    @Test func clickFollowedByALongPressIsNoClick() {
        var button = ButtonHarness(clean)
        button.press(from: .ms(0), to: .ms(100))
        button.press(from: .ms(200), to: .ms(1100))
        button.run(until: .ms(5000))
        #expect(
            button.gestures == [
                at(.press, ms: 0), at(.release, ms: 100), at(.press, ms: 200), at(.longPress, ms: 1000),
                at(.release, ms: 1100),
            ]
        )
    }

    @Test func clickFollowedByATooLongPressIsNoClick() {
        var button = ButtonHarness(clean)
        button.press(from: .ms(0), to: .ms(100))
        button.press(from: .ms(200), to: .ms(700))
        button.run(until: .ms(5000))
        #expect(button.gestures.map(\.kind) == [.press, .release, .press, .release])
    }
}

@Suite struct ButtonLongPressAndHoldTests {
    @Test func longPressFiresOnceWhileStillHeld() {
        var button = ButtonHarness(clean)
        button.edge(true, at: .ms(0))
        button.run(until: .ns(799_999_999))
        #expect(button.gestures == [at(.press, ms: 0)])
        button.run(until: .ms(800))
        #expect(button.log.last == .init(event: at(.longPress, ms: 800), reportedAt: .ms(800)))
        button.edge(false, at: .ms(900))
        button.run(until: .ms(5000))
        #expect(button.gestures == [at(.press, ms: 0), at(.longPress, ms: 800), at(.release, ms: 900)])
    }

    @Test func releaseAtExactlyLongPressComesAfterIt() {
        var button = ButtonHarness(clean)
        button.press(from: .ms(0), to: .ms(800))
        button.run(until: .ms(5000))
        #expect(button.gestures == [at(.press, ms: 0), at(.longPress, ms: 800), at(.release, ms: 800)])
    }

    @Test func releaseJustBeforeLongPressPreventsIt() {
        var button = ButtonHarness(clean)
        button.press(from: .ms(0), to: .ns(799_999_999))
        button.run(until: .ms(5000))
        #expect(button.gestures.map(\.kind) == [.press, .release])
    }

    @Test func releaseStillBeingDebouncedPreventsALaterLongPress() {
        var button = ButtonHarness(debounced)
        button.press(from: .ms(0), to: .ms(795))
        // A driver whose stale timer fires at the long-press instant must not get one either.
        #expect(button.machine.tick(at: .ms(800)).events.isEmpty)
        button.run(until: .ms(5000))
        #expect(button.gestures == [at(.press, ms: 0), at(.release, ms: 795)])
    }

    @Test func releaseBeingDebouncedAtExactlyLongPressComesAfterIt() {
        var button = ButtonHarness(debounced)
        button.press(from: .ms(0), to: .ms(800))
        button.run(until: .ms(5000))
        #expect(button.gestures == [at(.press, ms: 0), at(.longPress, ms: 800), at(.release, ms: 800)])
        // Reported when the release edge came in: from then on nothing can precede the long press.
        #expect(button.log.first { $0.event.kind == .longPress }?.reportedAt == .ms(800))
    }

    @Test func holdStartsAtHoldDelayAndRepeats() {
        var button = ButtonHarness(clean)
        button.press(from: .ms(0), to: .ms(1600))
        button.run(until: .ms(5000))
        #expect(
            button.gestures == [
                at(.press, ms: 0), at(.longPress, ms: 800), at(.hold(repeat: 0), ms: 1000),
                at(.hold(repeat: 1), ms: 1250), at(.hold(repeat: 2), ms: 1500), at(.release, ms: 1600),
            ]
        )
        // Reported as they happen, not in a batch at the release.
        #expect(button.log.filter { $0.event.kind != .release }.allSatisfy { $0.reportedAt == $0.event.timestamp })
    }

    @Test func releaseAtExactlyAHoldRepeatComesAfterIt() {
        var button = ButtonHarness(clean)
        button.press(from: .ms(0), to: .ms(1250))
        button.run(until: .ms(5000))
        #expect(
            button.gestures.suffix(3) == [
                at(.hold(repeat: 0), ms: 1000), at(.hold(repeat: 1), ms: 1250), at(.release, ms: 1250),
            ])
    }

    @Test func longPressAndFirstHoldAtOneInstantComeLongPressFirst() {
        var configuration = clean
        configuration.holdDelay = .milliseconds(800)
        var button = ButtonHarness(configuration)
        button.press(from: .ms(0), to: .ms(900))
        #expect(button.gestures.map(\.kind) == [.press, .longPress, .hold(repeat: 0), .release])
    }

    @Test(arguments: [nil, Duration.zero])
    func holdWithoutRepeatFiresOnce(holdRepeat: Duration?) {
        var configuration = clean
        configuration.holdRepeat = holdRepeat
        var button = ButtonHarness(configuration)
        button.press(from: .ms(0), to: .ms(3000))
        button.run(until: .ms(5000))
        #expect(
            button.gestures == [
                at(.press, ms: 0), at(.longPress, ms: 800), at(.hold(repeat: 0), ms: 1000), at(.release, ms: 3000),
            ])
    }

    @Test func holdWithoutLongPressStillEndsTheClickSequence() {
        var configuration = clean
        configuration.longPress = nil
        configuration.holdDelay = .milliseconds(200)
        var button = ButtonHarness(configuration)
        button.press(from: .ms(0), to: .ms(300))
        button.run(until: .ms(5000))
        // 300 ms is within max_press, but a press that held is no click.
        #expect(button.gestures.map(\.kind) == [.press, .hold(repeat: 0), .release])
    }

    @Test func disabledLongPressAndHoldLeaveNothingToWaitFor() {
        var configuration = clean
        configuration.longPress = nil
        configuration.holdDelay = nil
        var button = ButtonHarness(configuration)
        button.edge(true, at: .ms(0))
        #expect(button.deadline == nil)
        button.edge(false, at: .ms(60_000))
        button.run(until: .ms(70_000))
        #expect(button.gestures.map(\.kind) == [.press, .release])
    }
}

@Suite struct ButtonPropertyTests {
    @Test(arguments: 0..<250 as Range<UInt64>)
    func randomEdgesKeepPressReleaseOrderAndTime(seed: UInt64) {
        let scenario = RandomButtonScenario(seed: seed)
        let button = scenario.run()
        var isDown = false
        for event in button.events {
            switch event.kind {
            case .press:
                #expect(!isDown, "two presses in a row (seed \(seed)): \(button.events)")
                isDown = true
            case .release:
                #expect(isDown, "release without press (seed \(seed)): \(button.events)")
                isDown = false
            case .longPress, .hold:
                #expect(isDown, "\(event) while up (seed \(seed))")
            case .click, .doubleClick, .multiClick:
                #expect(!isDown, "\(event) while down (seed \(seed))")
            case .input:
                break
            }
        }
        for (earlier, later) in zip(button.log, button.log.dropFirst()) {
            #expect(
                earlier.event.timestamp <= later.event.timestamp,
                "time ran backwards (seed \(seed)): \(earlier), \(later)")
            #expect(earlier.reportedAt <= later.reportedAt)
        }
        #expect(
            button.log.allSatisfy { $0.event.timestamp <= $0.reportedAt },
            "an event reported before it happened (seed \(seed))")
        // Once everything has settled the debounced level is the line's level.
        #expect(button.machine.level == scenario.edges.last.map(\.level) ?? scenario.initialLevel)
    }

    @Test(arguments: 0..<250 as Range<UInt64>)
    func randomEdgesMatchTheDocumentedSemantics(seed: UInt64) {
        let scenario = RandomButtonScenario(seed: seed)
        let button = scenario.run()
        let inputs = button.events.compactMap { event -> ButtonReferenceModel.Edge? in
            guard case .input(let value, let edge) = event.kind else { return nil }
            #expect(edge == (value ? .rising : .falling))
            return .init(at: event.timestamp.nanoseconds, level: value)
        }
        let filtered = scenario.expectedFiltered
        #expect(inputs == filtered, "debounce differs (seed \(seed))")
        let expected = ButtonReferenceModel.gestures(
            filtered, initial: scenario.initialLevel, timings: scenario.timings, end: scenario.end)
        #expect(button.gestures == expected, "gestures differ (seed \(seed))")
    }
}
