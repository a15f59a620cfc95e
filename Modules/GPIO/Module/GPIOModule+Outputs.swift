import Logging
import LooselyCoupled

extension GPIOModule {
    /// Writes each change to its line and queues its `gpio_output`, saves changed restore
    /// states, and queues the outputs' entity states that changed; the caller re-arms the timer.
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
        persistIfChanged()
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

    /// The state an output starts in: its `initial`, or for `restore` what was saved.
    func initialState(of output: GPIOConfiguration.Output) -> OutputState {
        switch output.initial {
        case .on: return .on
        case .off: return .off
        case .restore:
            guard let saved = saved[output.name] else { return .off }
            guard let state = restoredState(saved) else {
                context.logger.warning(
                    "the saved state of an output is unknown now; it starts off",
                    metadata: ["output": "\(output.name)", "saved": "\(saved)"])
                return .off
            }
            return state
        }
    }

    /// How a state is saved: `on`, `off`, a rhythm's name, or an endless blink's timings. A
    /// pulse or a counted blink ends off, so it is saved as `off`.
    static func persisted(_ state: OutputState) -> Value {
        switch state {
        case .on: "on"
        case .off, .pulse, .blink(_, _, .some): "off"
        case .rhythm(let name): .string(name)
        case .blink(let on, let off, nil): ["blink": ["on": .double(seconds(on)), "off": .double(seconds(off))]]
        }
    }

    private func restoredState(_ value: Value) -> OutputState? {
        switch value {
        case "on": return .on
        case "off": return .off
        case .string(let rhythm) where configuration.rhythms[rhythm] != nil: return .rhythm(rhythm)
        default:
            guard let on = value["blink"]?["on"]?.durationValue, let off = value["blink"]?["off"]?.durationValue,
                on > .zero, off > .zero
            else { return nil }
            return .blink(on: on, off: off, count: nil)
        }
    }

    /// Hands the restore outputs' states to the store when one changed.
    func persistIfChanged() {
        guard let store else { return }
        var current: Value.Object = saved
        for output in configuration.outputs where output.initial == .restore {
            current[output.name] = Self.persisted(scheduler.state(of: output.name) ?? .off)
        }
        guard current != saved else { return }
        saved = current
        store.save(current)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
