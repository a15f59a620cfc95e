extension ButtonStateMachine {
    /// The timings of one input: its `debounce`, `glitch_filter` and `click` keys.
    ///
    /// Each threshold is a boundary the state machine documents exactly (see ``ButtonStateMachine``).
    /// A negative duration counts as zero: config validation, not the state machine, tells the user.
    /// The defaults are the ones in the GPIO module's documented example.
    public struct Configuration: Sendable, Equatable {
        /// How long a level must stay unchanged before it is accepted (ESPHome's `delayed_on_off`).
        public var debounce: Duration
        /// Pulses shorter than this are removed before debouncing: neither edge ever counts.
        public var glitchFilter: Duration
        /// The longest press that can still be (part of) a click; a longer press is no click.
        public var maxPress: Duration
        /// How long after a click's release the next press may start to count as the same multi-click.
        public var doubleClickGap: Duration
        /// How long a press must last for `longPress`, fired while still held; `nil` disables it.
        public var longPress: Duration?
        /// How long a press must last for the first `hold`; `nil` disables holds.
        public var holdDelay: Duration?
        /// The interval between further `hold` events while held; `nil` or zero means one hold only.
        public var holdRepeat: Duration?

        /// A configuration; every parameter defaults to the module's documented example.
        public init(
            debounce: Duration = .milliseconds(10),
            glitchFilter: Duration = .zero,
            maxPress: Duration = .milliseconds(400),
            doubleClickGap: Duration = .milliseconds(300),
            longPress: Duration? = .milliseconds(800),
            holdDelay: Duration? = .seconds(1),
            holdRepeat: Duration? = .milliseconds(250)
        ) {
            self.debounce = debounce
            self.glitchFilter = glitchFilter
            self.maxPress = maxPress
            self.doubleClickGap = doubleClickGap
            self.longPress = longPress
            self.holdDelay = holdDelay
            self.holdRepeat = holdRepeat
        }
    }
}

extension ButtonStateMachine {
    /// The click timings in nanoseconds, converted once so transitions never touch `Duration`.
    struct ClickTimings: Sendable, Equatable {
        var maxPress: UInt64
        var doubleClickGap: UInt64
        var longPress: UInt64?
        var holdDelay: UInt64?
        /// Zero when holds do not repeat, so the timer loop can never spin on a zero interval.
        var holdRepeat: UInt64

        init(_ configuration: Configuration) {
            maxPress = configuration.maxPress.clampedNanoseconds
            doubleClickGap = configuration.doubleClickGap.clampedNanoseconds
            longPress = configuration.longPress?.clampedNanoseconds
            holdDelay = configuration.holdDelay?.clampedNanoseconds
            holdRepeat = configuration.holdRepeat?.clampedNanoseconds ?? 0
        }
    }
}
