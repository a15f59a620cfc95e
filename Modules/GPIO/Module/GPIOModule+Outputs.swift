import Logging
import LooselyCoupled

extension GPIOModule {
    /// Writes each change to its line, queues the outputs' entity states that changed (restore
    /// outputs' are saved with them) and each change's `gpio_output`; the caller re-arms the timer.
    ///
    /// - Returns: The write errors, already logged; the scheduler's view stands either way.
    func apply(_ actions: BlinkScheduler<String>.Actions) -> [GPIOError] {
        apply(actions.changes)
    }

    /// Writes `changes` as ``apply(_:)-(BlinkScheduler<String>.Actions)`` does.
    @discardableResult
    func apply(_ changes: [BlinkScheduler<String>.Change]) -> [GPIOError] {
        var errors: [GPIOError] = []
        for change in changes {
            do {
                try outputs[change.output]?.handle?.write(change.value)
            } catch {
                errors.append(error)
                context.logger.error(
                    "cannot write an output", metadata: ["output": "\(change.output)", "error": "\(error)"])
                if error.code == .chipGone { context.reportFailure("output \(change.output): \(error)") }
            }
        }
        // The entities' states go first: whoever handles a `gpio_output` reads the state it led to.
        publishOutputStates()
        for change in changes { emitOutput(change.output, value: change.value, state: change.state) }
        return errors
    }

    /// Applies a request's actions, sends their events and reports the output; throws the
    /// first write error, so the caller learns that the line did not follow.
    func complete(_ actions: BlinkScheduler<String>.Actions, output: String) async throws(CallError) -> Value {
        let errors = apply(actions)
        rearm()
        await flush()
        if let error = errors.first {
            throw CallError(.handlerFailed, "\(context.name): \(error)", underlying: error)
        }
        return describeOutput(output)
    }

    /// `name`, if an output has it; `invalid_arguments` listing the outputs if none has.
    func outputName(_ name: String) throws(CallError) -> String {
        guard outputs[name] != nil else {
            throw CallError(
                .invalidArguments, "\(context.name) has no output '\(name)' (outputs: \(names(Array(outputs.keys))))")
        }
        return name
    }

    func describeOutput(_ name: String) -> Value {
        var description: Value.Object = [
            "output": .string(name), "value": .bool(scheduler.level(of: name) ?? false),
            "state": .string(Self.describe(scheduler.state(of: name) ?? .off)),
        ]
        if let output = outputs[name] {
            description["line"] = output.config.line.value
            description["offset"] = .int(output.line.offset)
            description["line_name"] = .string(output.line.name)
            description["chip"] = .string(chip?.name ?? "")
            description["active_low"] = .bool(output.config.activeLow)
        }
        return .object(description)
    }

    // MARK: Restore

    /// The state an output starts in: its `initial`, or for `restore` the state its entity was
    /// saved in (or, before entities, what `gpio-MODULE.json` kept).
    func initialState(of output: GPIOConfiguration.Output) -> OutputState {
        switch output.initial {
        case .on: return .on
        case .off: return .off
        case .restore:
            let saved = context.savedState(GPIOConfiguration.entityKey(output.name))
            guard let state = saved.map(restoredState) ?? self.saved[output.name].map(legacyState) else { return .off }
            guard let state else {
                context.logger.warning(
                    "the saved state of an output is unknown now; it starts off",
                    metadata: [
                        "output": "\(output.name)", "saved": "\(saved.map { "\($0.state) \($0.attributes)" } ?? "-")",
                    ])
                return .off
            }
            return state
        }
    }

    /// An output's state from its entity's saved state: `off`, `on`, or `on` with a rhythm's or
    /// an endless blink's effect; a pulse or a counted blink ends off. `nil` for a rhythm no
    /// longer configured.
    private func restoredState(_ saved: (state: Value, attributes: Value.Object)) -> OutputState? {
        guard saved.state == "on" else { return .off }
        switch saved.attributes["effect"]?.stringValue {
        case nil: return .on
        case "pulse": return .off
        case "blink" where configuration.rhythms["blink"] == nil:
            return Self.endlessBlink(.object(saved.attributes)) ?? .off
        case let rhythm?: return configuration.rhythms[rhythm] != nil ? .rhythm(rhythm) : nil
        }
    }

    /// An output's state as `gpio-MODULE.json` saved it before entities: `on`, `off`, a rhythm's
    /// name, or an endless blink's timings.
    private func legacyState(_ value: Value) -> OutputState? {
        switch value {
        case "on": return .on
        case "off": return .off
        case .string(let rhythm) where configuration.rhythms[rhythm] != nil: return .rhythm(rhythm)
        default:
            return value["blink"].flatMap(Self.endlessBlink)
        }
    }

    /// An endless blink from `{on, off}` in seconds, both above zero; `nil` otherwise.
    private static func endlessBlink(_ timings: Value) -> OutputState? {
        guard let on = timings["on"]?.durationValue, let off = timings["off"]?.durationValue, on > .zero, off > .zero
        else { return nil }
        return .blink(on: on, off: off, count: nil)
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
