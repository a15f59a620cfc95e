import LooselyCoupled
import Logging

extension GPIOModule {
    /// Queues the `gpio_*` event for a recognised button event.
    func emit(_ event: ButtonEvent, input: String) {
        var payload: Value.Object = ["module": .string(context.name), "input": .string(input)]
        let name: String
        switch event.kind {
        case .input(let value, let edge):
            name = "gpio_input"
            payload["value"] = .bool(value)
            payload["edge"] = edge == .rising ? "rising" : "falling"
            payload["timestamp_ns"] = .int(Int(clamping: event.timestamp.nanoseconds))
        case .press:
            name = "gpio_press"
        case .release:
            name = "gpio_release"
        case .click:
            name = "gpio_click"
        case .doubleClick:
            name = "gpio_double_click"
        case .multiClick(let count):
            name = "gpio_multi_click"
            payload["count"] = .int(count)
        case .longPress:
            name = "gpio_long_press"
        case .hold(let count):
            name = "gpio_hold"
            payload["repeat"] = .int(count)
        }
        outbox.append((name, .object(payload)))
    }

    /// Queues `gpio_output` for an output's level change.
    func emitOutput(_ output: String, value: Bool, state: OutputState) {
        outbox.append(("gpio_output", ["module": .string(context.name), "output": .string(output), "value": .bool(value), "state": .string(Self.describe(state))]))
    }

    /// Triggers the queued events in order.
    ///
    /// Every path that queues events ends here; while one flush is suspended on a full queue,
    /// another returns at once and leaves its events to the first, so events never overtake
    /// each other. A module that is not active sends nothing: its events are dropped.
    func flush() async {
        guard !isFlushing else { return }
        isFlushing = true
        defer { isFlushing = false }
        while !outbox.isEmpty {
            let batch = outbox
            outbox.removeAll(keepingCapacity: true)
            guard isActive else { continue }
            for event in batch {
                do {
                    try await context.trigger(event.name, event.payload)
                } catch {
                    context.logger.error("cannot trigger a gpio event", metadata: ["event": "\(event.name)", "error": "\(error)"])
                }
            }
        }
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
