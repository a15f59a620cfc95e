import LooselyCoupledGPIO
import LooselyCoupledTestKit
import Testing

/// A random button configuration and raw edge sequence, reproducible from its seed.
///
/// Times are whole milliseconds or half-millisecond bounces, so that durations often land exactly
/// on a threshold, where off-by-one mistakes live. Some edges repeat the previous level, as a
/// driver that missed an edge would report, and some ticks come at instants no deadline named,
/// as a stale timer would fire: neither may change what is recognised.
struct RandomButtonScenario {
    var configuration: ButtonStateMachine.Configuration
    var timings: ButtonReferenceModel.Timings
    var initialLevel: Bool
    var edges: [ButtonReferenceModel.Edge]
    /// Instants at which the driver ticks although no deadline asked for it.
    var strayTicks: [UInt64]
    /// An instant late enough that every filter has settled.
    var end: UInt64

    init(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        func ms(_ range: ClosedRange<UInt64>) -> UInt64 { UInt64.random(in: range, using: &random) * 1_000_000 }
        func sometimes(_ percent: UInt64) -> Bool { UInt64.random(in: 0..<100, using: &random) < percent }

        let glitch = sometimes(50) ? ms(1...4) : 0
        let debounce = sometimes(80) ? ms(1...20) : 0
        let maxPress = ms(100...500)
        let gap = sometimes(85) ? ms(50...400) : 0
        let longPress: UInt64? = sometimes(75) ? ms(300...1000) : nil
        let holdDelay: UInt64? = sometimes(75) ? ms(300...1200) : nil
        let holdRepeat: UInt64 = sometimes(80) ? ms(50...300) : 0
        configuration = ButtonStateMachine.Configuration(
            debounce: .nanoseconds(debounce),
            glitchFilter: .nanoseconds(glitch),
            maxPress: .nanoseconds(maxPress),
            doubleClickGap: .nanoseconds(gap),
            longPress: longPress.map { .nanoseconds($0) },
            holdDelay: holdDelay.map { .nanoseconds($0) },
            holdRepeat: holdRepeat == 0 && sometimes(50) ? nil : .nanoseconds(holdRepeat)
        )
        timings = ButtonReferenceModel.Timings(
            glitchFilter: glitch, debounce: debounce, maxPress: maxPress, doubleClickGap: gap,
            longPress: longPress, holdDelay: holdDelay, holdRepeat: holdRepeat
        )

        initialLevel = sometimes(10)
        var level = initialLevel
        var now = ms(0...50)
        edges = []
        strayTicks = []
        for _ in 0..<Int.random(in: 10...80, using: &random) {
            if !sometimes(12) { level.toggle() }
            edges.append(.init(at: now, level: level))
            let before = now
            switch UInt64.random(in: 0..<100, using: &random) {
            case ..<30: now += UInt64.random(in: 0...4, using: &random) * 500_000  // bounce, 0–2 ms
            case ..<55: now += ms(3...30)
            case ..<85: now += ms(40...500)
            default: now += ms(500...2000)
            }
            if sometimes(25) { strayTicks.append(UInt64.random(in: before...now, using: &random)) }
        }
        end = now + glitch + debounce + ms(0...3000)
    }

    /// The debounced edges the documentation promises: glitch filter, then debounce.
    var expectedFiltered: [ButtonReferenceModel.Edge] {
        let deglitched = ButtonReferenceModel.filter(
            edges, initial: initialLevel, delay: timings.glitchFilter, end: end)
        return ButtonReferenceModel.filter(deglitched, initial: initialLevel, delay: timings.debounce, end: end)
    }

    /// Runs the scenario through a harness and lets it settle at `end`.
    func run() -> ButtonHarness {
        var harness = ButtonHarness(configuration, initialLevel: initialLevel)
        var strayTicks = strayTicks[...]
        for edge in edges {
            while let stray = strayTicks.first, stray <= edge.at {
                harness.strayTick(at: .ns(stray))
                strayTicks.removeFirst()
            }
            harness.edge(edge.level, at: .ns(edge.at))
        }
        harness.run(until: .ns(end))
        return harness
    }
}
