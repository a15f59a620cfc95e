public import LooselyCoupled

/// The module's entities (DESIGN §2b): each input a `binary_sensor` (`panel.doorbell`) and an
/// `event` entity of its clicks, long presses and holds (`panel.doorbell_clicks`); each output a
/// `switch`, or with `as: light` a `light` whose effects are the rhythms and `blink`. The `gpio_*`
/// events are sent as before.
extension GPIOModule {
    /// An output entity's state: `on` or `off`, and the effect running, if any.
    struct OutputEntityState: Equatable {
        var state: Value
        var attributes: Value.Object
    }

    /// The effects of an output declared `as: light`: every rhythm, and `blink` (500 ms on,
    /// 500 ms off, unless the command gives `on`, `off` and `count`). A rhythm named `blink`
    /// takes the name.
    static func lightEffects(of configuration: GPIOConfiguration) -> [String] {
        var effects = configuration.rhythms.keys.sorted()
        if configuration.rhythms["blink"] == nil { effects.append("blink") }
        return effects
    }

    /// The entities a module with `config` declares, for `check`: `nil` for a config that
    /// cannot be read.
    public static func entities(in config: Value) -> [Entity]? {
        (try? GPIOConfiguration(config)).map(entities(of:))
    }

    /// Declares the entities; `start()` calls it before it sets the outputs, so that restore
    /// outputs can read their saved states.
    func declareEntities() throws(CallError) {
        try context.declare(Self.entities(of: configuration))
    }

    /// The entities of `configuration`, as ``declareEntities()`` declares them and `check`
    /// verifies references to them.
    static func entities(of configuration: GPIOConfiguration) -> [Entity] {
        var entities: [Entity] = []
        for input in configuration.inputs {
            entities.append(Entity(input.entityKey, kind: .binarySensor, name: input.name))
            entities.append(
                Entity(
                    input.clicksKey, kind: .event, name: "\(input.name) clicks",
                    eventTypes: eventTypes(of: input.button)))
        }
        for output in configuration.outputs {
            let key = GPIOConfiguration.entityKey(output.name)
            let restore = output.initial == .restore
            switch output.kind {
            case .switch: entities.append(Entity(key, kind: .switch, name: output.name, restore: restore))
            case .light:
                entities.append(
                    Entity(
                        key, kind: .light, name: output.name, effects: lightEffects(of: configuration),
                        restore: restore))
            }
        }
        return entities
    }

    /// Gives every entity the state its line has now; the end of `start()`.
    func publishInitialStates() throws(CallError) {
        for input in inputs {
            try context.setState(input.config.entityKey, input.machine.level ? "on" : "off")
        }
        publishedOutputs = [:]
        for output in configuration.outputs {
            let current = outputEntityState(output.name)
            try context.setState(
                GPIOConfiguration.entityKey(output.name), current.state, attributes: current.attributes)
            publishedOutputs[output.name] = current
        }
    }

    /// The event types of an input's `event` entity: its click kinds, and long press and hold
    /// unless their timings are 0 (never).
    static func eventTypes(of button: ButtonStateMachine.Configuration) -> [String] {
        var types = ["click", "double_click", "multi_click"]
        if button.longPress != nil { types.append("long_press") }
        if button.holdDelay != nil { types.append("hold") }
        return types
    }

    /// Output `name`'s entity state: `off`, or `on` with the rhythm, `blink` or `pulse` running
    /// as its `effect`. A blink's own on and off phases are not state changes.
    func outputEntityState(_ name: String) -> OutputEntityState {
        switch scheduler.state(of: name) ?? .off {
        case .off: OutputEntityState(state: "off", attributes: [:])
        case .on: OutputEntityState(state: "on", attributes: [:])
        case .rhythm(let rhythm): OutputEntityState(state: "on", attributes: ["effect": .string(rhythm)])
        case .blink(let on, let off, let count):
            // An endless blink's timings are kept, so a restore can bring it back.
            OutputEntityState(
                state: "on",
                attributes: count == nil
                    ? ["effect": "blink", "on": .double(Self.seconds(on)), "off": .double(Self.seconds(off))]
                    : ["effect": "blink"])
        case .pulse: OutputEntityState(state: "on", attributes: ["effect": "pulse"])
        }
    }

    /// Queues the entity state of each output whose state changed; ``apply(_:)-([BlinkScheduler<String>.Change])`` calls it.
    func publishOutputStates() {
        for output in configuration.outputs {
            let current = outputEntityState(output.name)
            guard publishedOutputs[output.name] != current else { continue }
            publishedOutputs[output.name] = current
            outbox.append(.state(GPIOConfiguration.entityKey(output.name), current.state, current.attributes))
        }
    }

    /// A command to an output's entity: `on`, `off` and `toggle` as `set` does; for a light also
    /// an effect (a rhythm, or `blink` with the command's `on`, `off` and `count`, default 500 ms
    /// each and forever). `{"effect": NAME}` with `on` starts that effect too.
    public func setEntity(_ key: String, to state: Value, attributes: Value.Object) async throws -> Value {
        guard let output = configuration.outputs.first(where: { GPIOConfiguration.entityKey($0.name) == key }) else {
            throw CallError(.readOnlyEntity, "\(context.name).\(key) is an input, which cannot be set")
        }
        var requested = state.stringValue ?? "on"
        if requested == "on", case .string(let effect)? = attributes["effect"] { requested = effect }
        if requested == "blink", configuration.rhythms["blink"] == nil {
            var arguments: Value.Object = [
                "output": .string(output.name), "on": attributes["on"] ?? "500ms", "off": attributes["off"] ?? "500ms",
            ]
            if let count = attributes["count"] { arguments["count"] = count }
            let decoded: BlinkArguments
            do {
                decoded = try Value.object(arguments).decode(BlinkArguments.self)
            } catch {
                throw CallError(.invalidState, "\(context.name).\(key): blink takes on, off and count: \(error)")
            }
            return try await blink(decoded)
        }
        return try await set(SetArguments(output: output.name, state: requested))
    }
}
