import Logging
import LooselyCoupled

extension GPIOModule {
    /// `simulate {input, value}`.
    struct SimulateArguments: Decodable {
        let input: String
        let value: SimulatedLevel
    }

    /// A physical level to drive: `true`, `1` or `"high"`; `false`, `0` or `"low"`; `null` for
    /// none (the bias decides).
    struct SimulatedLevel: Decodable {
        let level: Bool?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            switch try container.decode(Value.self) {
            case .bool(let value): level = value
            case .int(0), .string("low"): level = false
            case .int(1), .string("high"): level = true
            case .null: level = nil
            default:
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected true/1/\"high\", false/0/\"low\", or null to disconnect")
            }
        }
    }

    /// `simulate_press {input, duration?, count?, gap?}`.
    struct SimulatePressArguments: Decodable {
        let input: String
        let duration: ConfigDuration?
        let count: Int?
        let gap: ConfigDuration?
    }

    /// `simulate {input, value}`: drives the simulated input's line to a physical level (`true`,
    /// `1` or `"high"`; `false`, `0` or `"low"`; `null` disconnects it, so its bias decides).
    /// The edge goes through the same debounce and click detection as a real one.
    ///
    /// - Returns: `{input, level}`: the line's physical level now.
    func simulate(_ arguments: SimulateArguments) throws(CallError) -> Value {
        let (chip, index) = try simulatedInput(arguments.input, method: "simulate")
        let level = arguments.value.level
        let offset = inputs[index].line.offset
        chip.drive(offset: offset, to: level)
        return ["input": .string(inputs[index].config.name), "level": .bool(chip.level(offset: offset))]
    }

    /// `simulate_press {input, duration?, count?, gap?}`: presses the simulated button `count`
    /// times (default 1) for `duration` each (default 100ms), `gap` apart (default 100ms), then
    /// leaves it released. Returns when the last release has happened.
    ///
    /// Pressing drives the line to its active level (low with `active_low`); releasing restores
    /// what drove it before, or drives it inactive if its bias would leave it pressed. The edges
    /// are stamped exactly `duration` and `gap` apart, so the click timings see what was asked.
    func simulatePress(_ arguments: SimulatePressArguments) async throws(CallError) -> Value {
        let (chip, index) = try simulatedInput(arguments.input, method: "simulate_press")
        let length =
            try arguments.duration.map { d throws(CallError) in try checked(d, "duration", method: "simulate_press") }
            ?? .milliseconds(100)
        let gap =
            try arguments.gap.map { d throws(CallError) in try checked(d, "gap", method: "simulate_press") }
            ?? .milliseconds(100)
        let count = arguments.count ?? 1
        guard (1...100).contains(count) else {
            throw CallError(
                .invalidArguments,
                "\(context.name).simulate_press: count must be an integer from 1 to 100, got \(count)")
        }
        guard length <= .seconds(3600), gap <= .seconds(3600) else {
            throw CallError(.invalidArguments, "\(context.name).simulate_press: duration and gap must be at most 1h")
        }
        let input = inputs[index]
        let offset = input.line.offset
        let pressed = !input.config.activeLow
        let previous = chip.externalDrive(offset: offset)
        let releasedDrive: Bool? = chip.level(offset: offset) == pressed ? !pressed : previous
        // While this runs, the module's timer lets no time pass for the inputs beyond the next
        // edge it will inject, as it would not beyond an edge the kernel has stamped but not
        // yet delivered: a late wake-up cannot make a release arrive after its long press.
        let id = nextSimulation
        nextSimulation += 1
        defer { simulatedEdges[id] = nil }
        var instant = GPIOInstant.now
        for press in 0..<count {
            if press > 0 {
                instant = instant + gap
                simulatedEdges[id] = instant
                try await sleep(until: instant)
            }
            chip.drive(offset: offset, to: pressed, at: instant.nanoseconds)
            instant = instant + length
            simulatedEdges[id] = instant
            try await sleep(until: instant)
            chip.drive(offset: offset, to: releasedDrive, at: instant.nanoseconds)
        }
        return ["input": .string(input.config.name), "presses": .int(count)]
    }

    /// `simulated_writes {output}`: how often the simulated chip saw the output's line written
    /// (its request's initial level and every write): `{output, writes}`.
    func simulatedWrites(_ arguments: GetArguments) throws(CallError) -> Value {
        let chip = try simulatedChip(method: "simulated_writes")
        guard let name = arguments.output else {
            throw CallError(.invalidArguments, "\(context.name).simulated_writes needs {\"output\": NAME}")
        }
        let output = try outputName(name)
        let offset = outputs[output]?.line.offset ?? -1
        return ["output": .string(output), "writes": .int(chip.writeCount(offset: offset))]
    }

    private func simulatedInput(_ input: String, method: String) throws(CallError) -> (SimulatedChip, Int) {
        (try simulatedChip(method: method), try inputIndex(input))
    }

    private func simulatedChip(method: String) throws(CallError) -> SimulatedChip {
        guard let simulated = backend as? SimulatedGPIO, let path = chip?.path, let chip = simulated.chip(at: path)
        else {
            throw CallError(
                .invalidArguments,
                "\(context.name).\(method) needs the simulated backend (backend: simulated, or run the daemon with --simulate); this module drives real lines"
            )
        }
        return chip
    }

    private func sleep(until instant: GPIOInstant) async throws(CallError) {
        let delay = GPIOInstant.now.duration(to: instant)
        guard delay > .zero else { return }
        do {
            try await Task.sleep(for: delay, tolerance: .zero, clock: .suspending)
        } catch {
            throw CallError(.discarded, "\(context.name): the simulated press was cancelled")
        }
    }
}
