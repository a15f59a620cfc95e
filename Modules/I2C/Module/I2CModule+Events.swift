import Logging
import LooselyCoupled
import SystemPackage

/// Taking in what the bus found, and sending it in order through the outbox.
extension I2CModule {
    /// Takes a batch of poll reports into the devices' state, queueing the events and entity
    /// states they make.
    func receive(_ reports: [PollReport]) {
        for report in reports {
            switch report.outcome {
            case .failed(let error):
                noteFailure(report.device, error)
            case .ready:
                noteAnswer(report.device)
            case .reading(let values):
                noteAnswer(report.device)
                noteReading(report.device, values, at: report.timestampNanoseconds)
            case .inputs(let levels):
                noteAnswer(report.device)
                noteInputs(report.device, levels)
            }
        }
    }

    /// Triggers the queued events and writes the queued entity states, in order; every path
    /// that queues them ends here. A module that is not active sends nothing.
    func flush() async {
        await outbox.flush(context, sending: isActive)
    }

    /// A device failed: `i2c_error` once, when it stops answering (not on every retry).
    func noteFailure(_ name: String, _ error: I2CError) {
        guard var state = devices[name] else { return }
        let wasAvailable = state.isAvailable != false
        state.isAvailable = false
        state.error = error
        if wasAvailable {
            context.logger.warning(
                "an i2c device stopped answering; retrying with backoff",
                metadata: [
                    "device": "\(name)", "i2c.address": "\(I2CAddress.hex(state.spec.address))", "error": "\(error)",
                ])
            state.errorPending = !isActive
            if !isActive { errorsPending = true }
        }
        devices[name] = state
        if wasAvailable && isActive { queueError(state, error) }
    }

    /// A device answered: `i2c_recovered` if it had failed; an expander's outputs get their
    /// states at its first answer.
    func noteAnswer(_ name: String) {
        guard var state = devices[name], state.isAvailable != true else { return }
        let recovered = state.isAvailable == false
        state.isAvailable = true
        state.error = nil
        let pending = state.errorPending
        state.errorPending = false
        devices[name] = state
        queueOutputStates(state)
        guard recovered else { return }
        context.logger.notice(
            "an i2c device answers again",
            metadata: ["device": "\(name)", "i2c.address": "\(I2CAddress.hex(state.spec.address))"])
        // A failure the module could not report yet is not followed by a recovery either.
        if isActive && !pending {
            outbox.append(
                .event(
                    "i2c_recovered",
                    [
                        "module": .string(context.name), "device": .string(name),
                        "address": .int(Int(state.spec.address)),
                    ]))
        }
    }

    /// New values: `i2c_reading`, and the states of the device's sensors.
    func noteReading(_ name: String, _ values: [String: Double], at timestamp: UInt64) {
        guard devices[name] != nil else { return }
        for (key, value) in values { devices[name]?.values[key] = value }
        devices[name]?.readAt = timestamp
        guard isActive else { return }
        let sorted = values.keys.sorted()
        for key in sorted {
            if let value = values[key] { outbox.append(.state(Self.valueKey(name, key), .double(value), [:])) }
        }
        outbox.append(
            .event(
                "i2c_reading",
                [
                    "module": .string(context.name), "device": .string(name), "values": Self.object(values),
                    "timestamp_ns": .int(Int(clamping: timestamp)),
                ]))
    }

    /// New input levels: `i2c_input` for each input pin that changed, in pin order, and the
    /// inputs' states; the first read sets them without events.
    func noteInputs(_ name: String, _ levels: UInt16) {
        guard var state = devices[name], let pins = state.spec.pins else { return }
        let first = !state.inputsKnown
        let changed = first ? pins.inputs : (levels ^ state.levels) & pins.inputs
        state.levels = (state.levels & ~pins.inputs) | (levels & pins.inputs)
        state.inputsKnown = true
        devices[name] = state
        guard isActive, changed != 0 else { return }
        for pin in 0..<pins.count where changed & (1 << UInt16(pin)) != 0 {
            let value = state.level(pin)
            outbox.append(.state(Self.pinKey(name, pin), value ? "on" : "off", [:]))
            guard !first else { continue }
            outbox.append(
                .event(
                    "i2c_input",
                    [
                        "module": .string(context.name), "device": .string(name), "pin": .int(pin),
                        "value": .bool(value),
                    ]))
        }
    }

    /// The states of an expander's outputs, as last set.
    func queueOutputStates(_ state: DeviceState) {
        guard isActive, let pins = state.spec.pins else { return }
        for pin in 0..<pins.count where pins.outputs & (1 << UInt16(pin)) != 0 {
            outbox.append(.state(Self.pinKey(state.spec.name, pin), state.level(pin) ? "on" : "off", [:]))
        }
    }

    /// Queues `i2c_error` for the device.
    func queueError(_ state: DeviceState, _ error: I2CError) {
        outbox.append(
            .event(
                "i2c_error",
                [
                    "module": .string(context.name), "device": .string(state.spec.name),
                    "address": .int(Int(state.spec.address)),
                    "errno": error.errno.map { .int(Int($0.rawValue)) } ?? .null, "message": .string(error.description),
                ]))
    }
}
