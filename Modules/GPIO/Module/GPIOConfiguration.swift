import LooselyCoupled

/// A `gpio` module's validated config, typed.
struct GPIOConfiguration: Sendable {
    enum Backend: String, Sendable {
        case hardware
        case simulated
    }

    struct Input: Sendable {
        var name: String
        var line: LineSpec
        var bias: Bias
        var activeLow: Bool
        var debounce: Duration
        var button: ButtonStateMachine.Configuration
    }

    struct Output: Sendable {
        enum Initial: String, Sendable {
            case on, off, restore
        }

        enum OnExit: String, Sendable {
            case off, keep
        }

        var name: String
        var line: LineSpec
        var activeLow: Bool
        var initial: Initial
        var onExit: OnExit
    }

    var chip: String
    var backend: Backend
    /// By name.
    var inputs: [Input]
    /// By name.
    var outputs: [Output]
    /// The defaults, with the module's own added or replacing them.
    var rhythms: [String: Rhythm]
    var stateDirectory: String

    /// Reads a config the schema validated (defaults filled in).
    ///
    /// - Throws: `invalid_arguments` if a key is missing or of the wrong kind, which only a config
    ///   that skipped validation can cause.
    init(_ config: Value) throws(CallError) {
        chip = config["chip"]?.stringValue ?? "gpiochip0"
        guard let backend = Backend(rawValue: config["backend"]?.stringValue ?? "hardware") else {
            throw CallError(.invalidArguments, "backend must be hardware or simulated")
        }
        self.backend = backend
        stateDirectory = config[GPIOModule.stateKey]?.stringValue ?? "/var/lib/looselycoupled"
        inputs = try (config["inputs"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map {
            name, input throws(CallError) in
            guard let line = LineSpec(input["line"]) else {
                throw CallError(.invalidArguments, "input '\(name)' needs a line")
            }
            let click = input["click"] ?? [:]
            func duration(_ value: Value?, _ fallback: Duration) -> Duration { value?.durationValue ?? fallback }
            func optional(_ value: Value?, _ fallback: Duration) -> Duration? {
                let duration = duration(value, fallback)
                return duration > .zero ? duration : nil
            }
            let button = ButtonStateMachine.Configuration(
                debounce: duration(input["debounce"], .milliseconds(10)),
                glitchFilter: duration(input["glitch_filter"], .zero),
                maxPress: duration(click["max_press"], .milliseconds(400)),
                doubleClickGap: duration(click["double_click_gap"], .milliseconds(300)),
                longPress: optional(click["long_press"], .milliseconds(800)),
                holdDelay: optional(click["hold_delay"], .seconds(1)),
                holdRepeat: optional(click["hold_repeat"], .milliseconds(250)))
            return Input(
                name: name, line: line, bias: Bias(rawValue: input["bias"]?.stringValue ?? "as-is") ?? .asIs,
                activeLow: input["active_low"]?.boolValue ?? false, debounce: button.debounce, button: button)
        }
        outputs = try (config["outputs"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map {
            name, output throws(CallError) in
            guard let line = LineSpec(output["line"]) else {
                throw CallError(.invalidArguments, "output '\(name)' needs a line")
            }
            return Output(
                name: name, line: line, activeLow: output["active_low"]?.boolValue ?? false,
                initial: Output.Initial(rawValue: output["initial"]?.stringValue ?? "off") ?? .off,
                onExit: Output.OnExit(rawValue: output["on_exit"]?.stringValue ?? "off") ?? .off)
        }
        var rhythms = Rhythm.defaults
        for (name, rhythm) in config["rhythms"]?.objectValue ?? [:] {
            guard let on = rhythm["on"]?.durationValue, let off = rhythm["off"]?.durationValue else {
                throw CallError(.invalidArguments, "rhythm '\(name)' needs on and off durations")
            }
            rhythms[name] = Rhythm(on: on, off: off)
        }
        self.rhythms = rhythms
    }
}
