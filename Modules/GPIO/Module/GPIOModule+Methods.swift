import Logging
import LooselyCoupled

extension GPIOModule {
    /// `set {output, state}`.
    struct SetArguments: Decodable {
        let output: String
        /// `on`, `off`, `toggle`, or a rhythm's name.
        let state: String
    }

    /// `blink {output, on, off, count?}`.
    struct BlinkArguments: Decodable {
        let output: String
        let on: ConfigDuration
        let off: ConfigDuration
        let count: Int?
    }

    /// `pulse {output, duration}`.
    struct PulseArguments: Decodable {
        let output: String
        let duration: ConfigDuration
    }

    /// `get {output}` or `get {input}`.
    struct GetArguments: Decodable {
        let output: String?
        let input: String?
    }

    /// `set {output, state}`: `on`, `off`, `toggle`, or a rhythm's name.
    func set(_ arguments: SetArguments) async throws(CallError) -> Value {
        let output = try outputName(arguments.output)
        let state = arguments.state
        let now = GPIOInstant.now
        let actions: BlinkScheduler<String>.Actions
        switch state {
        case "on": actions = try schedule(output, .on, at: now)
        case "off": actions = try schedule(output, .off, at: now)
        case "toggle": actions = scheduler.toggle(output, at: now)
        default:
            guard configuration.rhythms[state] != nil else {
                throw CallError(
                    .invalidArguments,
                    "\(context.name).set: unknown state '\(state)'; expected on, off, toggle or a rhythm (\(names(Array(configuration.rhythms.keys))))"
                )
            }
            actions = try schedule(output, .rhythm(state), at: now)
        }
        return try await complete(actions, output: output)
    }

    /// `blink {output, on, off, count?}`: on for `on`, off for `off`, `count` times (default
    /// forever), ending off.
    func blink(_ arguments: BlinkArguments) async throws(CallError) -> Value {
        let output = try outputName(arguments.output)
        let on = try checked(arguments.on, "on", method: "blink")
        let off = try checked(arguments.off, "off", method: "blink")
        let count = arguments.count
        if let count, count < 1 {
            throw CallError(
                .invalidArguments, "\(context.name).blink: count must be an integer of at least 1, got \(count)")
        }
        return try await complete(
            try schedule(output, .blink(on: on, off: off, count: count), at: .now), output: output)
    }

    /// `pulse {output, duration}`: on now, off after `duration`.
    func pulse(_ arguments: PulseArguments) async throws(CallError) -> Value {
        let output = try outputName(arguments.output)
        let length = try checked(arguments.duration, "duration", method: "pulse")
        return try await complete(try schedule(output, .pulse(length), at: .now), output: output)
    }

    /// `get {output}` or `get {input}`: the logical value, and an output's state.
    func get(_ arguments: GetArguments) throws(CallError) -> Value {
        switch (arguments.output, arguments.input) {
        case (let output?, nil):
            return describeOutput(try outputName(output))
        case (nil, let input?):
            return describeInput(inputs[try inputIndex(input)])
        default:
            throw CallError(.invalidArguments, "\(context.name).get needs {\"output\": NAME} or {\"input\": NAME}")
        }
    }

    /// `list`: the chip, the backend, and every input and output with its line and value.
    func list() -> Value {
        var chipDescription: Value = .null
        if let chip {
            chipDescription = [
                "path": .string(chip.path), "name": .string(chip.name), "label": .string(chip.label ?? ""),
            ]
        }
        return [
            "backend": .string(backend.name), "chip": chipDescription,
            "inputs": .array(inputs.map(describeInput)),
            "outputs": .array(outputs.keys.sorted().map(describeOutput)),
        ]
    }

    // MARK: Arguments

    private func schedule(_ output: String, _ state: OutputState, at now: GPIOInstant) throws(CallError)
        -> BlinkScheduler<String>.Actions
    {
        do {
            return try scheduler.set(output, to: state, at: now)
        } catch {
            throw CallError(.invalidArguments, "\(context.name): \(error.message)")
        }
    }

    /// A duration argument within `range` (the switching times by default).
    func checked(
        _ argument: ConfigDuration, _ key: String, method: String,
        in range: ClosedRange<Duration> = GPIOModule.switchingTimes
    ) throws(CallError) -> Duration {
        guard range.contains(argument.duration) else {
            throw CallError(
                .invalidArguments,
                "\(context.name).\(method): \(key) must be a duration from \(range.lowerBound.configText) to \(range.upperBound.configText), got \(argument.written)"
            )
        }
        return argument.duration
    }

    /// The on and off times of a blink or rhythm and a pulse's length: no shorter than a
    /// millisecond (a 1 ns blink would keep a core busy toggling), no longer than a day.
    static let switchingTimes: ClosedRange<Duration> = .milliseconds(1) ... .seconds(86_400)
}
