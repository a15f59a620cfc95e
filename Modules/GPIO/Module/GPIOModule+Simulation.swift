import Logging
import LooselyCoupled

extension GPIOModule {
    /// `simulate {input, value}`: drives the simulated input's line to a physical level (`true`,
    /// `1` or `"high"`; `false`, `0` or `"low"`; `null` disconnects it, so its bias decides).
    /// The edge goes through the same debounce and click detection as a real one.
    ///
    /// - Returns: `{input, level}`: the line's physical level now.
    func simulate(_ arguments: Value) throws(CallError) -> Value {
        let (chip, index) = try simulatedInput(arguments, method: "simulate")
        let level: Bool?
        switch arguments["value"] {
        case .bool(let value)?: level = value
        case .int(0)?, .string("low")?: level = false
        case .int(1)?, .string("high")?: level = true
        case .null?: level = nil
        default:
            throw CallError(
                .invalidArguments,
                "\(context.name).simulate needs \"value\": true/1/\"high\", false/0/\"low\", or null to disconnect")
        }
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
    func simulatePress(_ arguments: Value) async throws(CallError) -> Value {
        let (chip, index) = try simulatedInput(arguments, method: "simulate_press")
        let length = try duration(arguments, "duration", method: "simulate_press", default: .milliseconds(100))
        let gap = try duration(arguments, "gap", method: "simulate_press", default: .milliseconds(100))
        var count = 1
        if let value = arguments["count"], !value.isNull {
            guard let number = value.intValue, (1...100).contains(number) else {
                throw CallError(
                    .invalidArguments,
                    "\(context.name).simulate_press: count must be an integer from 1 to 100, got \(value)")
            }
            count = number
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

    private func simulatedInput(_ arguments: Value, method: String) throws(CallError) -> (SimulatedChip, Int) {
        guard let simulated = backend as? SimulatedGPIO, let path = chip?.path, let chip = simulated.chip(at: path)
        else {
            throw CallError(
                .invalidArguments,
                "\(context.name).\(method) needs the simulated backend (backend: simulated, or run the daemon with --simulate); this module drives real lines"
            )
        }
        return (chip, try inputIndex(arguments, method: method))
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
