import Logging
import LooselyCoupled

extension GPIOModule {
    /// Queues the `gpio_*` event for a recognised button event.
    ///
    /// Each payload is one literal with all its members, so it is one allocation: an object
    /// grown key by key would be reallocated as it grows, on every edge.
    func emit(_ event: ButtonEvent, input: String) {
        let module = Value.string(context.name)
        let input = Value.string(input)
        switch event.kind {
        case .input(let value, let edge):
            outbox.append(
                (
                    Events.input,
                    [
                        "module": module, "input": input, "value": .bool(value),
                        "edge": edge == .rising ? "rising" : "falling",
                        "timestamp_ns": .int(Int(clamping: event.timestamp.nanoseconds)),
                    ]
                ))
        case .press: outbox.append((Events.press, ["module": module, "input": input]))
        case .release: outbox.append((Events.release, ["module": module, "input": input]))
        case .click: outbox.append((Events.click, ["module": module, "input": input]))
        case .doubleClick: outbox.append((Events.doubleClick, ["module": module, "input": input]))
        case .multiClick(let count):
            outbox.append((Events.multiClick, ["module": module, "input": input, "count": .int(count)]))
        case .longPress: outbox.append((Events.longPress, ["module": module, "input": input]))
        case .hold(let count): outbox.append((Events.hold, ["module": module, "input": input, "repeat": .int(count)]))
        }
    }

    /// Queues `gpio_output` for an output's level change.
    func emitOutput(_ output: String, value: Bool, state: OutputState) {
        outbox.append(
            (
                Events.output,
                [
                    "module": .string(context.name), "output": .string(output), "value": .bool(value),
                    "state": .string(Self.describe(state)),
                ]
            ))
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
            // Swapped with a spare buffer, not copied: neither array is reallocated.
            var batch: [(name: String, payload: Value)] = []
            swap(&batch, &flushing)
            swap(&batch, &outbox)
            defer {
                batch.removeAll(keepingCapacity: true)
                flushing = batch
            }
            guard isActive else { continue }
            for event in batch {
                do {
                    try await context.trigger(event.name, event.payload)
                } catch {
                    context.logger.error(
                        "cannot trigger a gpio event", metadata: ["event": "\(event.name)", "error": "\(error)"])
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
