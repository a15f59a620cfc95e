import LooselyCoupled

extension GPIOModule {
    /// Queues the `gpio_*` event for a recognised button event, and the state it gives the
    /// input's entities: the `binary_sensor` follows the debounced level, the `event` entity
    /// records each click, long press and hold.
    ///
    /// Each payload is one literal with all its members, so it is one allocation: an object
    /// grown key by key would be reallocated as it grows, on every edge.
    func emit(_ event: ButtonEvent, input config: GPIOConfiguration.Input) {
        let module = Value.string(context.name)
        let input = Value.string(config.name)
        switch event.kind {
        case .input(let value, let edge):
            // The entity's state first: whoever handles the `gpio_input` reads the level it gave.
            outbox.append(.state(config.entityKey, value ? "on" : "off", [:]))
            outbox.append(
                .event(
                    Events.input,
                    [
                        "module": module, "input": input, "value": .bool(value),
                        "edge": edge == .rising ? "rising" : "falling",
                        "timestamp_ns": .int(Int(clamping: event.timestamp.nanoseconds)),
                    ]
                ))
        case .press: outbox.append(.event(Events.press, ["module": module, "input": input]))
        case .release: outbox.append(.event(Events.release, ["module": module, "input": input]))
        case .click:
            occurred("click", on: config)
            outbox.append(.event(Events.click, ["module": module, "input": input]))
        case .doubleClick:
            occurred("double_click", on: config)
            outbox.append(.event(Events.doubleClick, ["module": module, "input": input]))
        case .multiClick(let count):
            occurred("multi_click", on: config, ["count": .int(count)])
            outbox.append(.event(Events.multiClick, ["module": module, "input": input, "count": .int(count)]))
        case .longPress:
            occurred("long_press", on: config)
            outbox.append(.event(Events.longPress, ["module": module, "input": input]))
        case .hold(let count):
            occurred("hold", on: config, ["repeat": .int(count)])
            outbox.append(.event(Events.hold, ["module": module, "input": input, "repeat": .int(count)]))
        }
    }

    /// Queues the state of an input's `event` entity: the time it happened, with its type.
    private func occurred(_ type: String, on input: GPIOConfiguration.Input, _ extra: Value.Object = [:]) {
        var attributes: Value.Object = ["event_type": .string(type)]
        attributes.merge(extra)
        outbox.append(.state(input.clicksKey, .string(WallClock.rfc3339(WallClock.now(), utc: true)), attributes))
    }

    /// Queues `gpio_output` for an output's level change.
    func emitOutput(_ output: String, value: Bool, state: OutputState) {
        outbox.append(
            .event(
                Events.output,
                [
                    "module": .string(context.name), "output": .string(output), "value": .bool(value),
                    "state": .string(Self.describe(state)),
                ]
            ))
    }

    /// Triggers the queued events and writes the queued entity states, in order (see
    /// ``ModuleOutbox/flush(_:sending:)``). Every path that queues events ends here. A module that
    /// is not active sends nothing: its events are dropped.
    func flush() async {
        await outbox.flush(context, sending: isActive)
    }

    /// An output state as `get`, `list` and `gpio_output` name it: `on`, `off`, a rhythm's name,
    /// `blink` or `pulse`.
    static func describe(_ state: OutputState) -> String {
        switch state {
        case .on: "on"
        case .off: "off"
        case .rhythm(let name): name
        case .blink: "blink"
        case .pulse: "pulse"
        }
    }
}
