/// Debounces one input line and recognises presses, clicks, long presses and holds on it.
///
/// A value with mutating transitions and no I/O: the driver passes every raw edge to
/// ``edge(level:at:)``, calls ``tick(at:)`` once the returned ``Actions/deadline`` is reached, and
/// emits the returned events. Nothing reads a clock; "now" is always an argument.
///
/// ```swift
/// var button = ButtonStateMachine(configuration: .init(debounce: .milliseconds(10)))
/// var actions = button.edge(level: true, at: edgeTimestamp)   // no events; deadline +10 ms
/// actions = button.tick(at: edgeTimestamp + .milliseconds(10))
/// // actions.events: input(1) and press, both stamped edgeTimestamp; deadline: the long press
/// ```
///
/// ## Levels
///
/// Levels are logical: `true` means active (pressed). `active_low` is applied before this machine,
/// by the line request (libgpiod inverts in the kernel; the simulated chip inverts likewise), so
/// the same logical stream reaches it from either backend and its events need no inversion.
///
/// ## Filtering
///
/// Raw edges pass the glitch filter, then the debounce; both accept a level only once it has been
/// unchanged for their duration (ESPHome's `delayed_on_off`):
/// - `glitch_filter`: a pulse shorter than it is removed with both its edges, so it does not even
///   restart the debounce.
/// - `debounce`: a level must stay unchanged this long; every bounce restarts the wait. A pulse that
///   lasts exactly the duration is accepted.
/// - The accepted edge carries the instant its level began (the last raw edge of the bounce), not
///   the instant the wait ended. Repeated reports of the same level are ignored.
///
/// ## Events, all stamped with the instant they physically happened
///
/// - `input(value, edge)` for every accepted level change, then `press` (rising) or `release`
///   (falling). A `release` always follows its `press`: an input held active when the machine starts
///   emits no `press`, and its first release emits `input` only.
/// - A press is *short* if it lasted at most `max_press` (release − press ≤ max_press) and fired no
///   `longPress` or `hold`. After a short press's release, a press starting strictly less than
///   `double_click_gap` later continues the sequence; once the gap has passed, the sequence is
///   reported as `click` (1 press), `doubleClick` (2) or `multiClick(count)` (3+), stamped with the
///   last release. So a double click never also emits a click, and a single click is reported
///   `double_click_gap` after its release. A zero gap reports every click at its release.
/// - A press that is not short ends its sequence and discards the clicks before it: click-then-hold
///   is one gesture of its own, not a click followed by a long press.
/// - `longPress` fires once per press, while still held, when the press has lasted `long_press`
///   (≥, so a release at exactly `long_press` comes after it). Firing while held gives the user
///   feedback without letting go, and a long press released later is still one long press.
/// - `hold(repeat: n)` fires while held at `hold_delay + n × hold_repeat`, n = 0, 1, 2…; with no
///   `hold_repeat` only `hold(repeat: 0)`. At the same instant `longPress` comes before `hold`.
/// - A press longer than `max_press` released before `long_press` and `hold_delay` emits only
///   `press`, `release` and the `input`s: neither a click nor a long press.
///
/// `longPress` and `hold` are stamped with the instant the press reached their threshold, a click
/// with its last release, the others with their edge. Timestamps never decrease across the events
/// returned, in order, from successive calls: a timer event waits while an edge is still being
/// filtered that could turn out to precede it. An event is reported no earlier than it is certain,
/// so edges arrive `debounce` (plus `glitch_filter`) after they happened.
///
/// ## Time
///
/// `at:` should come from the clock libgpiod stamps edges with (`CLOCK_MONOTONIC`). An instant
/// earlier than the latest one passed in so far counts as that latest one.
public struct ButtonStateMachine: Sendable, Equatable {
    /// What the driver must do after a transition: emit the events, then call back.
    public struct Actions: Sendable, Equatable {
        /// Events to emit, in order.
        public var events: [ButtonEvent]
        /// When to call ``ButtonStateMachine/tick(at:)`` next; `nil` while nothing is pending.
        ///
        /// A new edge may move it, so the driver replaces its timer with each returned deadline.
        public var deadline: GPIOInstant?

        /// Actions with these events and deadline.
        public init(events: [ButtonEvent], deadline: GPIOInstant?) {
            self.events = events
            self.deadline = deadline
        }
    }

    private var glitchFilter: LevelFilter
    private var debounce: LevelFilter
    private var clicks: ClickRecognizer
    /// The latest instant passed in, so that time never runs backwards inside the machine.
    private var now: GPIOInstant

    /// A machine for an input whose logical level is `initialLevel` when its line is requested.
    public init(configuration: Configuration, initialLevel: Bool = false, at start: GPIOInstant = .zero) {
        glitchFilter = LevelFilter(delay: configuration.glitchFilter.clampedNanoseconds, level: initialLevel)
        debounce = LevelFilter(delay: configuration.debounce.clampedNanoseconds, level: initialLevel)
        clicks = ClickRecognizer(timings: ClickTimings(configuration), initialLevel: initialLevel)
        now = start
    }

    /// The debounced logical level, as `get` reports it.
    public var level: Bool { debounce.accepted }

    /// When ``tick(at:)`` should next be called; the same as the last returned deadline.
    public var deadline: GPIOInstant? {
        // Each stage waits for the one before it: while the glitch filter has an edge pending, the
        // debounce cannot accept past that edge's start, and while either has one, no timer can
        // fire (see `settledThrough`). Only the first busy stage's deadline can make progress.
        glitchFilter.deadline ?? debounce.deadline ?? clicks.deadline
    }

    /// Feeds one raw edge: the line's logical level is now `level`, since instant `at`.
    ///
    /// - Parameters:
    ///   - level: The logical level after the edge (`true` = active).
    ///   - instant: The edge's timestamp, ideally the kernel's.
    /// - Returns: Events that became certain by `at`, and the next deadline.
    public mutating func edge(level: Bool, at instant: GPIOInstant) -> Actions {
        var events: [ButtonEvent] = []
        let deadline = edge(level: level, at: instant, into: &events)
        return Actions(events: events, deadline: deadline)
    }

    /// ``edge(level:at:)`` appending its events to `events`, so that a driver handling edge
    /// after edge reuses one buffer instead of allocating an array for each.
    ///
    /// - Returns: The next deadline, as ``Actions/deadline``.
    public mutating func edge(level: Bool, at instant: GPIOInstant, into events: inout [ButtonEvent]) -> GPIOInstant? {
        now = max(now, instant)
        // Settle everything due before this edge first, so it cannot cancel a level already stable.
        advance(into: &events)
        glitchFilter.input(level, at: now)
        advance(into: &events)
        return deadline
    }

    /// Lets time pass to `at`: accepts levels that have become stable and fires due timers.
    ///
    /// Calling it early or more often than needed is harmless.
    public mutating func tick(at instant: GPIOInstant) -> Actions {
        var events: [ButtonEvent] = []
        let deadline = tick(at: instant, into: &events)
        return Actions(events: events, deadline: deadline)
    }

    /// ``tick(at:)`` appending its events to `events`; see ``edge(level:at:into:)``.
    public mutating func tick(at instant: GPIOInstant, into events: inout [ButtonEvent]) -> GPIOInstant? {
        now = max(now, instant)
        advance(into: &events)
        return deadline
    }

    /// Moves every stage up to `now`, emitting in timestamp order.
    private mutating func advance(into events: inout [ButtonEvent]) {
        if let edge = glitchFilter.advance(to: now) {
            // The debounce must see time pass up to the edge before the edge itself, or a level it
            // had already accepted by then would be wrongly cancelled by it.
            if let settled = debounce.advance(to: edge.at) {
                deliver(settled, into: &events)
            }
            debounce.input(edge.level, at: edge.at)
        }
        // Nor may the debounce run past a glitch-filter edge still pending: that edge, stamped
        // with its start, may yet turn out to have cut the debounced level short.
        if let settled = debounce.advance(to: min(now, glitchFilter.pendingSince ?? now)) {
            deliver(settled, into: &events)
        }
        clicks.fireTimers(through: settledThrough, into: &events)
    }

    private mutating func deliver(_ edge: FilteredEdge, into events: inout [ButtonEvent]) {
        // Timers due by the edge's instant come before it: a threshold is reached at its instant,
        // so a release exactly at `long_press` follows the long press. `advance` has normally
        // fired them already; doing it here keeps the order whatever path the edge took.
        clicks.fireTimers(through: edge.at, into: &events)
        clicks.accept(edge, into: &events)
    }

    /// The latest instant before which no further filtered edge can appear.
    ///
    /// A pending level may still be accepted with its start as timestamp, so timers may only fire
    /// up to that start. With nothing pending, any future edge is stamped `now` or later.
    private var settledThrough: GPIOInstant {
        // Without an array: this runs for every edge.
        min(now, glitchFilter.pendingSince ?? now, debounce.pendingSince ?? now)
    }
}
