import LooselyCoupledGPIO
import Testing

/// Drives a ``BlinkScheduler`` the way the GPIO module will: requests as they come, and one timer
/// that ticks whenever the last returned deadline is reached, on a virtual clock.
struct BlinkHarness {
    typealias Change = BlinkScheduler<String>.Change

    /// A change together with the virtual instant the driver applied it.
    struct Applied: Equatable, CustomStringConvertible {
        var at: GPIOInstant
        var change: Change
        var description: String { "\(change.output)=\(change.value ? 1 : 0)@\(at)" }
    }

    var scheduler: BlinkScheduler<String>
    private(set) var now: GPIOInstant = .zero
    private(set) var deadline: GPIOInstant?
    private(set) var log: [Applied] = []
    /// How many times the driver's timer fired.
    private(set) var ticks = 0

    init(rhythms: [String: Rhythm] = Rhythm.defaults) throws {
        scheduler = try BlinkScheduler(rhythms: rhythms)
    }

    /// Lets the virtual clock run to `instant`, ticking at every deadline on the way.
    mutating func run(until instant: GPIOInstant, sourceLocation: SourceLocation = #_sourceLocation) {
        var count = 0
        while let due = deadline, due <= instant {
            count += 1
            guard count < 100_000 else {
                Issue.record("deadline \(due) keeps coming back", sourceLocation: sourceLocation)
                return
            }
            ticks += 1
            now = max(now, due)
            record(scheduler.tick(at: now), sourceLocation: sourceLocation)
        }
        now = max(now, instant)
    }

    /// Requests `state` for `output` at `instant`, after running the clock there.
    mutating func set(
        _ output: String, _ state: OutputState, at instant: GPIOInstant,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        run(until: instant, sourceLocation: sourceLocation)
        record(try scheduler.set(output, to: state, at: instant), sourceLocation: sourceLocation)
    }

    /// Toggles `output` at `instant`, after running the clock there.
    mutating func toggle(_ output: String, at instant: GPIOInstant, sourceLocation: SourceLocation = #_sourceLocation) {
        run(until: instant, sourceLocation: sourceLocation)
        record(scheduler.toggle(output, at: instant), sourceLocation: sourceLocation)
    }

    /// The changes of one output, as (instant, level) pairs.
    func levels(of output: String) -> [(GPIOInstant, Bool)] {
        log.filter { $0.change.output == output }.map { ($0.at, $0.change.value) }
    }

    /// The instants at which one output changed.
    func changeTimes(of output: String) -> [GPIOInstant] {
        levels(of: output).map(\.0)
    }

    private mutating func record(_ actions: BlinkScheduler<String>.Actions, sourceLocation: SourceLocation) {
        log += actions.changes.map { Applied(at: now, change: $0) }
        #expect(actions.deadline == scheduler.deadline, sourceLocation: sourceLocation)
        if let due = actions.deadline {
            #expect(due > now, "deadline \(due) is not after now \(now)", sourceLocation: sourceLocation)
        }
        deadline = actions.deadline
    }
}

/// Milliseconds as instants, for comparing lists of change times.
func times(_ milliseconds: UInt64...) -> [GPIOInstant] {
    milliseconds.map { .ms($0) }
}
