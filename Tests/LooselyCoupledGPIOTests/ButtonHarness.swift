import LooselyCoupledGPIO
import Testing

/// Drives a ``ButtonStateMachine`` the way the GPIO module will: raw edges as they come, and a tick
/// whenever the last returned deadline is reached, on a virtual clock.
struct ButtonHarness {
    /// An event together with the virtual instant the driver received it.
    struct Reported: Equatable, CustomStringConvertible {
        var event: ButtonEvent
        var reportedAt: GPIOInstant
        var description: String { "\(event) (reported \(reportedAt))" }
    }

    var machine: ButtonStateMachine
    private(set) var now: GPIOInstant = .zero
    private(set) var deadline: GPIOInstant?
    private(set) var log: [Reported] = []

    init(_ configuration: ButtonStateMachine.Configuration, initialLevel: Bool = false) {
        machine = ButtonStateMachine(configuration: configuration, initialLevel: initialLevel)
    }

    /// Every event so far, in order.
    var events: [ButtonEvent] { log.map(\.event) }

    /// Every event but `input`, which most click tests do not care about.
    var gestures: [ButtonEvent] {
        events.filter {
            if case .input = $0.kind { return false }
            return true
        }
    }

    /// Lets the virtual clock run to `instant`, ticking at every deadline on the way.
    mutating func run(until instant: GPIOInstant, sourceLocation: SourceLocation = #_sourceLocation) {
        var ticks = 0
        while let due = deadline, due <= instant {
            ticks += 1
            // A deadline that does not move on after its tick would hang the real driver's timer.
            guard ticks < 100_000 else {
                Issue.record("deadline \(due) keeps coming back", sourceLocation: sourceLocation)
                return
            }
            now = max(now, due)
            record(machine.tick(at: now), sourceLocation: sourceLocation)
        }
        now = max(now, instant)
    }

    /// Feeds a raw edge at `instant`, after running the clock there.
    mutating func edge(_ level: Bool, at instant: GPIOInstant, sourceLocation: SourceLocation = #_sourceLocation) {
        run(until: instant, sourceLocation: sourceLocation)
        record(machine.edge(level: level, at: instant), sourceLocation: sourceLocation)
    }

    /// Ticks at `instant` although no deadline asked for it, as a stale or early timer would.
    mutating func strayTick(at instant: GPIOInstant, sourceLocation: SourceLocation = #_sourceLocation) {
        run(until: instant, sourceLocation: sourceLocation)
        record(machine.tick(at: instant), sourceLocation: sourceLocation)
    }

    /// Presses at `from` and releases at `to`, with clean edges.
    mutating func press(from: GPIOInstant, to: GPIOInstant, sourceLocation: SourceLocation = #_sourceLocation) {
        edge(true, at: from, sourceLocation: sourceLocation)
        edge(false, at: to, sourceLocation: sourceLocation)
    }

    private mutating func record(_ actions: ButtonStateMachine.Actions, sourceLocation: SourceLocation) {
        log += actions.events.map { Reported(event: $0, reportedAt: now) }
        // The machine must say the same thing through both ways of asking.
        #expect(actions.deadline == machine.deadline, sourceLocation: sourceLocation)
        if let due = actions.deadline {
            #expect(due >= now, "deadline \(due) lies before now \(now)", sourceLocation: sourceLocation)
        }
        deadline = actions.deadline
    }
}

/// Builds expected events tersely: `at(.press, ms: 10)`.
func at(_ kind: ButtonEvent.Kind, ms milliseconds: UInt64) -> ButtonEvent {
    ButtonEvent(kind, at: .ms(milliseconds))
}

/// The `input` and `press` pair a debounced rising edge produces.
func pressed(ms milliseconds: UInt64) -> [ButtonEvent] {
    [at(.input(value: true, edge: .rising), ms: milliseconds), at(.press, ms: milliseconds)]
}

/// The `input` and `release` pair a debounced falling edge produces.
func released(ms milliseconds: UInt64) -> [ButtonEvent] {
    [at(.input(value: false, edge: .falling), ms: milliseconds), at(.release, ms: milliseconds)]
}
