/// Decides the level of every output of a module over time: steady, rhythms, own blinks and pulses.
///
/// A value with mutating transitions and no I/O, like ``ButtonStateMachine``: the driver calls
/// ``set(_:to:at:)`` or ``toggle(_:at:)`` for requests and ``tick(at:)`` when the returned
/// ``Actions/deadline`` is reached, then writes each returned change to its line and emits it as
/// `gpio_output`. One driver timer serves every output, and the deadline it is set to comes from
/// one phase per running rhythm, not from each output in it.
///
/// ```swift
/// var outputs = try BlinkScheduler<String>()
/// _ = try outputs.set("porch", to: .rhythm("fast"), at: start)                 // porch on
/// let actions = try outputs.set("hall", to: .rhythm("fast"), at: start + .milliseconds(300))
/// // actions.changes: hall on; actions.deadline: start + 800 ms, when both go off together
/// ```
///
/// Levels are logical (`true` = on): `active_low` is applied by the line request, as for inputs.
///
/// ## Semantics
///
/// - An output not yet set is `off` at level off; its first `set` reports a change only if the
///   level changes.
/// - A change is reported when the level changes (and at the end of a blink or pulse, below), with
///   the state the output is in afterwards. Setting a state that leaves the level as it is (`on` while a rhythm is in its on part)
///   reports nothing, and the next change follows the new state. So no request ever produces a
///   toggle that the new state would not have produced itself.
/// - `rhythm(name)`: a rhythm starts, on, when its first output joins. An output joining a running
///   rhythm takes the rhythm's level at that instant. When the last output leaves, the rhythm
///   stops and contributes no deadline; the next join starts it afresh. Setting the rhythm an
///   output already follows changes nothing.
/// - `blink(on, off, count)` starts on at the request, with a phase of its own; after `count` on
///   parts it ends off and the state becomes `off`. Requesting it again restarts it.
/// - `pulse(d)` is on from the request until `d` later, then off with state `off`. Requesting it
///   again restarts it, so a pulse can be extended.
/// - `toggle` makes `off` into `on` and every other state into `off`.
/// - A late tick reports each output's net change at that instant, once, with rhythms still in
///   phase: levels come from each phase's start, never from counting toggles.
/// - The end of a counted blink or a pulse is always reported, with state `off`, even when a
///   tick so late that it skipped the last on part finds the level already off: whoever watches
///   `gpio_output` learns that the blink is over. This is the one change that may repeat a level.
///
/// Changes within one call are ordered by the outputs' first `set`, so runs are reproducible.
public struct BlinkScheduler<OutputID: Hashable & Sendable>: Sendable, Equatable {
    /// One output's level change: write `value` to its line and emit `gpio_output`.
    public struct Change: Sendable, Equatable {
        /// The output whose level changed.
        public var output: OutputID
        /// The new logical level (`true` = on).
        public var value: Bool
        /// The output's state after the change.
        public var state: OutputState

        /// A change of `output` to `value` in `state`.
        public init(output: OutputID, value: Bool, state: OutputState) {
            self.output = output
            self.value = value
            self.state = state
        }
    }

    /// What the driver must do after a transition: apply the changes, then call back.
    public struct Actions: Sendable, Equatable {
        /// Level changes to apply, in order.
        public var changes: [Change]
        /// When to call ``BlinkScheduler/tick(at:)`` next; `nil` while every output is steady.
        public var deadline: GPIOInstant?

        /// Actions with these changes and deadline.
        public init(changes: [Change], deadline: GPIOInstant?) {
            self.changes = changes
            self.deadline = deadline
        }
    }

    private enum Schedule: Sendable, Equatable {
        case steady
        case rhythm(String)
        case blink(BlinkPhase)
        case pulse(until: GPIOInstant)
    }

    private struct Slot: Sendable, Equatable {
        var id: OutputID
        var state: OutputState
        var level: Bool
        var schedule: Schedule
    }

    private struct Timing: Sendable, Equatable {
        var on: UInt64
        var off: UInt64
    }

    /// Rhythm definitions, converted once to nanoseconds.
    private let rhythms: [String: Timing]
    /// The start of each rhythm that has at least one output; its phase is measured from there.
    private var running: [String: GPIOInstant] = [:]
    private var slots: [Slot] = []
    private var slotIndex: [OutputID: Int] = [:]
    /// The latest instant passed in, so that time never runs backwards inside the scheduler.
    private var now: GPIOInstant

    /// A scheduler knowing `rhythms` by name.
    ///
    /// - Parameters:
    ///   - rhythms: Usually ``Rhythm/defaults`` merged with the module's own.
    ///   - start: The clock's instant at creation.
    /// - Throws: `invalidDuration` naming the rhythm if an on or off duration is not positive.
    public init(rhythms: [String: Rhythm] = Rhythm.defaults, at start: GPIOInstant = .zero) throws(BlinkSchedulerError)
    {
        var timings: [String: Timing] = [:]
        for (name, rhythm) in rhythms {
            let on = rhythm.on.clampedNanoseconds
            let off = rhythm.off.clampedNanoseconds
            guard on > 0, off > 0 else {
                throw BlinkSchedulerError(
                    .invalidDuration,
                    "rhythm '\(name)' needs positive on and off durations, got \(rhythm.on) and \(rhythm.off)")
            }
            timings[name] = Timing(on: on, off: off)
        }
        self.rhythms = timings
        self.now = start
    }

    /// The state of `output`, or `nil` if it was never set.
    public func state(of output: OutputID) -> OutputState? {
        slotIndex[output].map { slots[$0].state }
    }

    /// The logical level of `output` as of the last call, or `nil` if it was never set.
    public func level(of output: OutputID) -> Bool? {
        slotIndex[output].map { slots[$0].level }
    }

    /// Puts `output` into `state` from instant `at`.
    ///
    /// - Returns: Changes due by `at` for every output (this one last), and the next deadline.
    /// - Throws: `unknownRhythm`, `invalidDuration` or `invalidCount`, before anything changes.
    public mutating func set(_ output: OutputID, to state: OutputState, at instant: GPIOInstant)
        throws(BlinkSchedulerError) -> Actions
    {
        try validate(state)
        var changes = advance(to: instant)
        transition(output, to: state, into: &changes)
        return Actions(changes: changes, deadline: deadline)
    }

    /// Switches `output` on if it is `off` at `at`, else off.
    public mutating func toggle(_ output: OutputID, at instant: GPIOInstant) -> Actions {
        // Decided after advancing: a pulse that ended before `at` has made the output `off` by then.
        var changes = advance(to: instant)
        let isOff = (state(of: output) ?? .off) == .off
        transition(output, to: isOff ? .on : .off, into: &changes)
        return Actions(changes: changes, deadline: deadline)
    }

    /// Lets time pass to `at`: moves rhythms and blinks on and ends finished blinks and pulses.
    ///
    /// Calling it early or more often than needed is harmless.
    public mutating func tick(at instant: GPIOInstant) -> Actions {
        let changes = advance(to: instant)
        return Actions(changes: changes, deadline: deadline)
    }

    /// ``tick(at:)`` appending its changes to `changes`, so that a driver ticking toggle after
    /// toggle reuses one buffer instead of allocating an array for each.
    ///
    /// - Returns: The next deadline, as ``Actions/deadline``.
    public mutating func tick(at instant: GPIOInstant, into changes: inout [Change]) -> GPIOInstant? {
        advance(to: instant, into: &changes)
        return deadline
    }

    /// When ``tick(at:)`` should next be called: the earliest change of any running rhythm, own blink
    /// or pulse; `nil` when there is none.
    public var deadline: GPIOInstant? {
        var earliest: GPIOInstant?
        func consider(_ candidate: GPIOInstant?) {
            guard let candidate else { return }
            earliest = earliest.map { min($0, candidate) } ?? candidate
        }
        for name in running.keys {
            consider(rhythmPhase(name)?.nextChange(after: now))
        }
        for slot in slots {
            switch slot.schedule {
            case .steady, .rhythm: break
            case .blink(let phase): consider(phase.nextChange(after: now))
            case .pulse(let until): consider(until)
            }
        }
        return earliest
    }

    private func validate(_ state: OutputState) throws(BlinkSchedulerError) {
        switch state {
        case .on, .off:
            return
        case .rhythm(let name):
            guard rhythms[name] != nil else {
                let known = rhythms.keys.sorted().joined(separator: ", ")
                throw BlinkSchedulerError(.unknownRhythm, "unknown rhythm '\(name)'; known rhythms: \(known)")
            }
        case .blink(let on, let off, let count):
            guard on.clampedNanoseconds > 0, off.clampedNanoseconds > 0 else {
                throw BlinkSchedulerError(
                    .invalidDuration, "blink needs positive on and off durations, got \(on) and \(off)")
            }
            if let count, count < 1 {
                throw BlinkSchedulerError(.invalidCount, "blink count must be at least 1, got \(count)")
            }
        case .pulse(let duration):
            guard duration.clampedNanoseconds > 0 else {
                throw BlinkSchedulerError(.invalidDuration, "pulse needs a positive duration, got \(duration)")
            }
        }
    }

    /// Brings every output up to `instant`, so a joiner sees its rhythm's current level and
    /// changes come out in time order.
    private mutating func advance(to instant: GPIOInstant) -> [Change] {
        var changes: [Change] = []
        advance(to: instant, into: &changes)
        return changes
    }

    private mutating func advance(to instant: GPIOInstant, into changes: inout [Change]) {
        now = max(now, instant)
        for index in slots.indices {
            evaluate(index, into: &changes)
        }
    }

    /// Puts an output, already advanced to `now`, into a validated state.
    private mutating func transition(_ output: OutputID, to state: OutputState, into changes: inout [Change]) {
        let index = slotIndex[output] ?? addSlot(output)
        switch (slots[index].state, state) {
        case (.on, .on), (.off, .off):
            return
        case (.rhythm(let current), .rhythm(let requested)) where current == requested:
            // Leaving and rejoining would restart a rhythm this output is alone in.
            return
        default:
            break
        }
        leaveRhythm(index)
        slots[index].state = state
        switch state {
        case .on, .off:
            slots[index].schedule = .steady
        case .rhythm(let name):
            if running[name] == nil { running[name] = now }
            slots[index].schedule = .rhythm(name)
        case .blink(let on, let off, let count):
            let phase = BlinkPhase(epoch: now, on: on.clampedNanoseconds, off: off.clampedNanoseconds, count: count)
            slots[index].schedule = .blink(phase)
        case .pulse(let duration):
            slots[index].schedule = .pulse(until: now.advanced(nanoseconds: duration.clampedNanoseconds))
        }
        evaluate(index, into: &changes)
    }

    private mutating func addSlot(_ output: OutputID) -> Int {
        slots.append(Slot(id: output, state: .off, level: false, schedule: .steady))
        slotIndex[output] = slots.count - 1
        return slots.count - 1
    }

    /// Takes the output out of its rhythm, stopping the rhythm if no output is left in it.
    private mutating func leaveRhythm(_ index: Int) {
        guard case .rhythm(let name) = slots[index].schedule else { return }
        slots[index].schedule = .steady
        if !slots.contains(where: { $0.schedule == .rhythm(name) }) {
            running[name] = nil
        }
    }

    private func rhythmPhase(_ name: String) -> BlinkPhase? {
        guard let epoch = running[name], let timing = rhythms[name] else { return nil }
        return BlinkPhase(epoch: epoch, on: timing.on, off: timing.off, count: nil)
    }

    /// Brings one output's level to what its schedule says at `now`, ending finished blinks and pulses.
    private mutating func evaluate(_ index: Int, into changes: inout [Change]) {
        let level: Bool
        var ended = false
        switch slots[index].schedule {
        case .steady:
            level = slots[index].state == .on
        case .rhythm(let name):
            level = rhythmPhase(name)?.level(at: now) ?? false
        case .blink(let phase):
            if let end = phase.end, now >= end {
                slots[index].state = .off
                slots[index].schedule = .steady
                level = false
                ended = true
            } else {
                level = phase.level(at: now)
            }
        case .pulse(let until):
            if now >= until {
                slots[index].state = .off
                slots[index].schedule = .steady
                level = false
                ended = true
            } else {
                level = true
            }
        }
        guard level != slots[index].level || ended else { return }
        slots[index].level = level
        changes.append(Change(output: slots[index].id, value: level, state: slots[index].state))
    }
}
