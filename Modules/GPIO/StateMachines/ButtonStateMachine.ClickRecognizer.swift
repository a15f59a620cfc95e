extension ButtonStateMachine {
    /// Turns debounced edges and the passing of time into press, click, long-press and hold events.
    ///
    /// It only ever sees a settled past: the owner fires its timers up to an instant only once no
    /// filtered edge can still appear before that instant. That is what keeps a release that is
    /// still being debounced from being overtaken by a long press it physically came before.
    struct ClickRecognizer: Sendable, Equatable {
        let timings: ClickTimings
        private(set) var state: State

        enum State: Sendable, Equatable {
            /// Up, and no click sequence open.
            case idle
            /// Up after `count` short presses; a press before `releasedAt + gap` continues the sequence.
            case awaitingNextPress(count: Int, releasedAt: GPIOInstant)
            /// Down, with what has happened during this press so far.
            case pressed(Press)
            /// Down since before the machine started: no press was emitted, so no release may be.
            case heldAtStart
        }

        struct Press: Sendable, Equatable {
            var at: GPIOInstant
            /// Short presses of the same sequence before this one.
            var priorClicks: Int
            var longPressFired = false
            var holdsFired = 0
        }

        init(timings: ClickTimings, initialLevel: Bool) {
            self.timings = timings
            self.state = initialLevel ? .heldAtStart : .idle
        }

        /// The timer events this state waits for, earliest first (a long press before a hold at the
        /// same instant, as the long press is the coarser gesture).
        private var nextTimer: (at: GPIOInstant, kind: Timer)? {
            switch state {
            case .idle, .heldAtStart:
                return nil
            case .awaitingNextPress(_, let releasedAt):
                return (releasedAt.advanced(nanoseconds: timings.doubleClickGap), .sequenceEnd)
            case .pressed(let press):
                var longPress: GPIOInstant?
                if let delay = timings.longPress, !press.longPressFired {
                    longPress = press.at.advanced(nanoseconds: delay)
                }
                var hold: GPIOInstant?
                if let delay = timings.holdDelay, press.holdsFired == 0 || timings.holdRepeat > 0 {
                    let repeats = UInt64(press.holdsFired).multipliedSaturated(by: timings.holdRepeat)
                    hold = press.at.advanced(nanoseconds: delay).advanced(nanoseconds: repeats)
                    // A saturated instant would repeat forever on a tick at the end of time.
                    if hold == GPIOInstant(nanoseconds: .max) { hold = nil }
                }
                switch (longPress, hold) {
                case (let longPress?, let hold?): return hold < longPress ? (hold, .hold) : (longPress, .longPress)
                case (let longPress?, nil): return (longPress, .longPress)
                case (nil, let hold?): return (hold, .hold)
                case (nil, nil): return nil
                }
            }
        }

        private enum Timer { case sequenceEnd, longPress, hold }

        /// When the next timer event is due, if any.
        var deadline: GPIOInstant? { nextTimer?.at }

        /// Fires every timer due at or before `limit`, in time order.
        mutating func fireTimers(through limit: GPIOInstant, into events: inout [ButtonEvent]) {
            while let (at, timer) = nextTimer, at <= limit {
                switch (timer, state) {
                case (.sequenceEnd, .awaitingNextPress(let count, let releasedAt)):
                    // Stamped with the release that completed the gesture, not the end of the wait.
                    events.append(ButtonEvent(Self.clickKind(count: count), at: releasedAt))
                    state = .idle
                case (.longPress, .pressed(var press)):
                    press.longPressFired = true
                    state = .pressed(press)
                    events.append(ButtonEvent(.longPress, at: at))
                case (.hold, .pressed(var press)):
                    events.append(ButtonEvent(.hold(repeat: press.holdsFired), at: at))
                    press.holdsFired += 1
                    state = .pressed(press)
                default:
                    // nextTimer only names timers of the current state; stop rather than spin.
                    return
                }
            }
        }

        /// Applies a debounced edge; the owner has already fired every timer due at or before it.
        mutating func accept(_ edge: FilteredEdge, into events: inout [ButtonEvent]) {
            events.append(ButtonEvent(.input(value: edge.level, edge: edge.level ? .rising : .falling), at: edge.at))
            switch (edge.level, state) {
            case (true, .idle):
                state = .pressed(Press(at: edge.at, priorClicks: 0))
                events.append(ButtonEvent(.press, at: edge.at))
            case (true, .awaitingNextPress(let count, _)):
                state = .pressed(Press(at: edge.at, priorClicks: count))
                events.append(ButtonEvent(.press, at: edge.at))
            case (false, .pressed(let press)):
                events.append(ButtonEvent(.release, at: edge.at))
                let duration = edge.at.nanoseconds(since: press.at)
                let isClick = !press.longPressFired && press.holdsFired == 0 && duration <= timings.maxPress
                // A press that is no click ends the sequence and discards its earlier clicks: a
                // double-tap-and-hold is its own gesture, not a click followed by a long press.
                state = isClick ? .awaitingNextPress(count: press.priorClicks + 1, releasedAt: edge.at) : .idle
            case (false, .heldAtStart):
                state = .idle
            case (true, .pressed), (true, .heldAtStart), (false, .idle), (false, .awaitingNextPress):
                // The filters alternate levels, so these cannot happen; the input event above is
                // still true to the line, and no press or release is invented.
                break
            }
        }

        private static func clickKind(count: Int) -> ButtonEvent.Kind {
            switch count {
            case ...1: return .click
            case 2: return .doubleClick
            default: return .multiClick(count: count)
            }
        }
    }
}
