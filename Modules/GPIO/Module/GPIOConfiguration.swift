import LooselyCoupled

/// A `gpio` module's validated config, typed.
struct GPIOConfiguration: Sendable {
    enum Backend: String, Sendable, Decodable {
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
        /// The keys of its `binary_sensor` and its `event` entity.
        var entityKey: String
        var clicksKey: String
    }

    struct Output: Sendable {
        enum Initial: String, Sendable, Decodable {
            case on, off, restore
        }

        enum OnExit: String, Sendable, Decodable {
            case off, keep
        }

        /// The entity the output is: `as: switch` (on, off, toggle) or `as: light`, whose effects
        /// are the rhythms and `blink`.
        enum Kind: String, Sendable, Decodable {
            case `switch`, light
        }

        var name: String
        var line: LineSpec
        var activeLow: Bool
        var initial: Initial
        var onExit: OnExit
        var kind: Kind
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

    /// Reads a config the schema validated. Every default is the schema's (written once, in
    /// ``GPIOModule/schema``), so the entries below have none; `_state_dir` is the catalog's.
    ///
    /// - Throws: `invalid_arguments` if a key is missing or of the wrong kind, which only a config
    ///   that skipped validation can cause.
    init(_ config: Value) throws(CallError) {
        let decoded: Config
        do {
            decoded = try config.decode(Config.self)
        } catch {
            throw CallError(.invalidArguments, "a gpio module's config: \(error)")
        }
        chip = decoded.chip
        backend = decoded.backend
        stateDirectory = decoded.stateDirectory ?? DaemonConfig.defaultStateDirectory
        inputs = decoded.inputs.sorted { $0.key < $1.key }.map { name, input in
            let click = input.click
            let button = ButtonStateMachine.Configuration(
                debounce: input.debounce.duration, glitchFilter: input.glitchFilter.duration,
                maxPress: click.maxPress.duration, doubleClickGap: click.doubleClickGap.duration,
                longPress: click.longPress.nonZero, holdDelay: click.holdDelay.nonZero,
                holdRepeat: click.holdRepeat.nonZero)
            return Input(
                name: name, line: input.line, bias: input.bias, activeLow: input.activeLow,
                debounce: button.debounce, button: button, entityKey: Self.entityKey(name),
                clicksKey: Self.clicksKey(name))
        }
        outputs = decoded.outputs.sorted { $0.key < $1.key }.map { name, output in
            Output(
                name: name, line: output.line, activeLow: output.activeLow, initial: output.initial,
                onExit: output.onExit, kind: output.kind)
        }
        var rhythms = Rhythm.defaults
        for (name, rhythm) in decoded.rhythms {
            rhythms[name] = Rhythm(on: rhythm.on.duration, off: rhythm.off.duration)
        }
        self.rhythms = rhythms
    }

    /// The entity key of an input or output named `name` (``Entity/key(for:maximumLength:)``),
    /// at most 57 bytes, so that an input's `_clicks` entity fits the 64 an entity key may have.
    static func entityKey(_ name: String) -> String { Entity.key(for: name, maximumLength: 57) }

    /// The key of an input's `event` entity, whose events are its clicks, long presses and holds.
    static func clicksKey(_ name: String) -> String { entityKey(name) + "_clicks" }

    /// The key under which the catalog passes the daemon's `state_dir`.
    static let stateKey = Config.CodingKeys.stateDirectory.rawValue

    /// The config as the schema normalised it.
    private struct Config: Decodable {
        struct Click: Decodable {
            let maxPress: ConfigDuration
            let doubleClickGap: ConfigDuration
            let longPress: ConfigDuration
            let holdDelay: ConfigDuration
            let holdRepeat: ConfigDuration

            enum CodingKeys: String, CodingKey {
                case maxPress = "max_press", doubleClickGap = "double_click_gap", longPress = "long_press"
                case holdDelay = "hold_delay", holdRepeat = "hold_repeat"
            }
        }

        struct InputEntry: Decodable {
            let line: LineSpec
            let bias: Bias
            let activeLow: Bool
            let debounce: ConfigDuration
            let glitchFilter: ConfigDuration
            let click: Click

            enum CodingKeys: String, CodingKey {
                case line, bias, debounce, click
                case activeLow = "active_low", glitchFilter = "glitch_filter"
            }
        }

        struct OutputEntry: Decodable {
            let line: LineSpec
            let activeLow: Bool
            let initial: Output.Initial
            let onExit: Output.OnExit
            let kind: Output.Kind

            enum CodingKeys: String, CodingKey {
                case line, initial
                case activeLow = "active_low", onExit = "on_exit", kind = "as"
            }
        }

        struct RhythmEntry: Decodable {
            let on: ConfigDuration
            let off: ConfigDuration
        }

        let chip: String
        let backend: Backend
        let stateDirectory: String?
        let inputs: [String: InputEntry]
        let outputs: [String: OutputEntry]
        let rhythms: [String: RhythmEntry]

        enum CodingKeys: String, CodingKey {
            case chip, backend, inputs, outputs, rhythms
            case stateDirectory = "_state_dir"
        }
    }
}

extension ConfigDuration {
    /// The duration, or `nil` for zero: "0: never" in the click timings.
    fileprivate var nonZero: Duration? { duration > .zero ? duration : nil }
}
