public import LooselyCoupled

extension GPIOModule {
    /// The keys of a `gpio` module: its chip and backend, inputs, outputs and rhythms.
    ///
    /// ```yaml
    /// panel:
    ///   type: gpio
    ///   chip: gpiochip0
    ///   backend: simulated
    ///   inputs:
    ///     doorbell: {line: GPIO17, bias: pull-up, active_low: true, debounce: 10ms}
    ///   outputs:
    ///     porch: {line: 27, initial: restore}
    ///   rhythms:
    ///     alarm: {on: 100ms, off: 100ms}
    /// ```
    public static let schema = Schema.object {
        Key(
            "chip", .string(nonEmpty: true), default: "gpiochip0",
            help: "the chip: a path (/dev/gpiochip0), a name (gpiochip0) or a label (pinctrl-rp1)")
        Key(
            "backend", .choice(["hardware", "simulated"]), default: "hardware",
            help: "libgpiod, or a simulated chip (--simulate forces simulated)")
        Key(
            "inputs",
            .map(
                of: .object {
                    Key(
                        "line", lineSchema, required: true,
                        help: "the line's offset (17) or its name as the kernel reports it (GPIO17)")
                    Key(
                        "bias", .choice(Bias.allCases.map(\.rawValue)), default: "as-is",
                        help: "the pull resistor: pull-up, pull-down, disabled or as-is")
                    Key(
                        "active_low", .bool, default: false,
                        help: "whether the input is active (pressed) when the line is low")
                    Key(
                        "debounce", .duration, default: "10ms",
                        help: "how long a level must hold before it counts (kernel debounce with libgpiod 2)")
                    Key(
                        "glitch_filter", .duration, default: "0",
                        help: "pulses shorter than this are ignored entirely, both edges")
                    Key(
                        "click",
                        .object {
                            Key(
                                "max_press", .duration, default: "400ms",
                                help: "the longest press that still counts as a click")
                            Key(
                                "double_click_gap", .duration, default: "300ms",
                                help: "the longest release between the presses of a double or multi click")
                            Key(
                                "long_press", .duration, default: "800ms",
                                help: "how long a press lasts for gpio_long_press (0: never)")
                            Key(
                                "hold_delay", .duration, default: "1s",
                                help: "how long a press lasts for the first gpio_hold (0: never)")
                            Key(
                                "hold_repeat", .duration, default: "250ms",
                                help: "the interval of further gpio_hold events while held (0: one only)")
                        }, default: [:], help: "click, long press and hold timings")
                }), default: [:], help: "the input lines, by name")
        Key(
            "outputs",
            .map(
                of: .object {
                    Key(
                        "line", lineSchema, required: true,
                        help: "the line's offset (27) or its name as the kernel reports it (GPIO27)")
                    Key("active_low", .bool, default: false, help: "whether the output is on when the line is low")
                    Key(
                        "initial", .choice(["on", "off", "restore"]), default: "off",
                        help: "the state at start; restore: the last state saved in state_dir")
                    Key(
                        "on_exit", .choice(["off", "keep"]), default: "off",
                        help: "switch the output off when the daemon stops, or keep its level")
                    Key(
                        "as", .choice(["switch", "light"]), default: "switch",
                        help:
                            "the entity it is: a switch (on, off, toggle) or a light whose effects are the rhythms and blink"
                    )
                }), default: [:], help: "the output lines, by name")
        Key(
            "rhythms",
            .map(
                of: .object {
                    Key("on", .duration, required: true, help: "how long each cycle is on")
                    Key("off", .duration, required: true, help: "how long each cycle is off")
                }), default: [:],
            help: "blink rhythms besides very_slow, slow, normal, fast and very_fast (or replacing them)")
    }

    private static let lineSchema = Schema.oneOf(.int(range: 0...65_535), .string(nonEmpty: true))

    /// The states `set` takes besides rhythm names.
    static let reservedStates: Set<String> = ["on", "off", "toggle"]

    /// The bounds of an input's timings: a debounce or glitch filter longer than these would
    /// swallow every press; a hold repeat of a nanosecond would emit events without end.
    static let inputTimings: [(key: [String], range: ClosedRange<Duration>, zeroAllowed: Bool, text: String)] = [
        (["debounce"], .zero ... .seconds(10), true, "from 0 to 10s"),
        (["glitch_filter"], .zero ... .seconds(1), true, "from 0 to 1s"),
        (["click", "max_press"], .milliseconds(1) ... .seconds(3600), false, "from 1ms to 1h"),
        (["click", "double_click_gap"], .zero ... .seconds(3600), true, "from 0 to 1h"),
        (["click", "long_press"], .milliseconds(1) ... .seconds(3600), true, "0 (never) or from 1ms to 1h"),
        (["click", "hold_delay"], .milliseconds(1) ... .seconds(3600), true, "0 (never) or from 1ms to 1h"),
        (["click", "hold_repeat"], .milliseconds(10) ... .seconds(3600), true, "0 (once) or from 10ms to 1h"),
    ]

    /// What the schema cannot say: rhythm durations from 1ms to 24h, rhythm names that are not
    /// states of `set`, input timings within their bounds, no line used twice, and no two names
    /// that differ only in Unicode normalisation. Paths are relative to the module.
    public static func problems(in config: Value) -> [(path: ConfigPath, message: String)] {
        var found: [(path: ConfigPath, message: String)] = []
        for (name, input) in (config["inputs"]?.objectValue ?? [:]) {
            for timing in inputTimings {
                var value: Value? = input
                for key in timing.key { value = value?[key] }
                guard let duration = value?.durationValue else { continue }
                if duration == .zero && timing.zeroAllowed { continue }
                guard !timing.range.contains(duration) else { continue }
                let path = ConfigPath([.key("inputs"), .key(name)] + timing.key.map { .key($0) })
                found.append((path, "expected a duration \(timing.text)"))
            }
        }
        // The module keys its lines, outputs and rhythms by name: two names that only look alike
        // (é and e with a combining accent) would be merged there, so they are refused here.
        var seen: [String: String] = [:]
        for kind in ["inputs", "outputs", "rhythms"] {
            for name in config[kind]?.objectValue?.keys ?? [] {
                if let other = seen[name], !other.hasSameCodePoints(as: name) {
                    found.append(
                        (
                            ConfigPath([.key(kind), .key(name)]),
                            "this name differs from '\(other)' only in how its accents are encoded; rename one"
                        ))
                } else {
                    seen[name] = name
                }
            }
        }
        for (name, rhythm) in (config["rhythms"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            let path = ConfigPath([.key("rhythms"), .key(name)])
            if reservedStates.contains(name) {
                found.append((path, "'\(name)' is a state of `set`; give the rhythm another name"))
            }
            for part in ["on", "off"] where !switchingTimes.contains(rhythm[part]?.durationValue ?? .zero) {
                found.append((path.appending(part), "expected a duration from 1ms to 24h"))
            }
        }
        // Entity ids are MODULE.KEY, with keys made from the names: two names may not make one.
        var entities: [(path: ConfigPath, owner: String, keys: [String])] = []
        for kind in ["inputs", "outputs"] {
            for name in (config[kind]?.objectValue?.keys ?? []).sorted() {
                let key = GPIOConfiguration.entityKey(name)
                entities.append(
                    (
                        ConfigPath([.key(kind), .key(name)]), "\(kind.dropLast()) '\(name)'",
                        kind == "inputs" ? [key, GPIOConfiguration.clicksKey(name)] : [key]
                    ))
            }
        }
        found += Entity.keyConflicts(entities)
        var used: [LineSpec: String] = [:]
        for kind in ["inputs", "outputs"] {
            for (name, io) in (config[kind]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let line = LineSpec(io["line"]) else { continue }
                let owner = "\(kind.dropLast()) '\(name)'"
                if let first = used[line] {
                    found.append(
                        (
                            ConfigPath([.key(kind), .key(name), .key("line")]),
                            "line \(line) is already used by \(first)"
                        ))
                } else {
                    used[line] = owner
                }
            }
        }
        return found
    }
}
