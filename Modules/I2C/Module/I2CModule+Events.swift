import LooselyCoupled
import Logging
import SystemPackage

extension I2CModule {
    /// Takes a batch of poll reports into the devices' state, sending the events they make.
    func receive(_ reports: [PollReport]) async {
        for report in reports {
            switch report.outcome {
            case .failed(let error):
                await noteFailure(report.device, error)
            case .ready:
                await noteAnswer(report.device)
            case .reading(let values):
                await noteAnswer(report.device)
                await noteReading(report.device, values, at: report.timestampNanoseconds)
            case .inputs(let levels):
                await noteAnswer(report.device)
                await noteInputs(report.device, levels)
            }
        }
    }

    /// A device failed: `i2c_error` once, when it stops answering (not on every retry).
    func noteFailure(_ name: String, _ error: I2CError) async {
        guard var state = devices[name] else { return }
        let wasAvailable = state.isAvailable != false
        state.isAvailable = false
        state.error = error
        if wasAvailable {
            context.logger.warning(
                "an i2c device stopped answering; retrying with backoff",
                metadata: ["device": "\(name)", "i2c.address": "\(I2CAddress.hex(state.spec.address))", "error": "\(error)"])
            state.errorPending = !isActive
        }
        devices[name] = state
        if wasAvailable && isActive { await sendError(state, error) }
    }

    /// A device answered: `i2c_recovered` if it had failed.
    func noteAnswer(_ name: String) async {
        guard var state = devices[name], state.isAvailable != true else { return }
        let recovered = state.isAvailable == false
        state.isAvailable = true
        state.error = nil
        let pending = state.errorPending
        state.errorPending = false
        devices[name] = state
        guard recovered else { return }
        context.logger.notice("an i2c device answers again", metadata: ["device": "\(name)", "i2c.address": "\(I2CAddress.hex(state.spec.address))"])
        // A failure the module could not report yet is not followed by a recovery either.
        if isActive && !pending {
            await send("i2c_recovered", ["module": .string(context.name), "device": .string(name), "address": .int(Int(state.spec.address))])
        }
    }

    func noteReading(_ name: String, _ values: [String: Double], at timestamp: UInt64) async {
        guard devices[name] != nil else { return }
        for (key, value) in values { devices[name]?.values[key] = value }
        devices[name]?.readAt = timestamp
        guard isActive else { return }
        var object: Value = [:]
        for key in values.keys.sorted() { object[key] = values[key].map(Value.double) ?? .null }
        await send("i2c_reading", ["module": .string(context.name), "device": .string(name), "values": object, "timestamp_ns": .int(Int(clamping: timestamp))])
    }

    /// New input levels: `i2c_input` for each input pin that changed, in pin order; the first
    /// read sets them quietly.
    func noteInputs(_ name: String, _ levels: UInt16) async {
        guard var state = devices[name], let pins = state.spec.pins else { return }
        let changed = state.inputsKnown ? (levels ^ state.levels) & pins.inputs : 0
        state.levels = (state.levels & ~pins.inputs) | (levels & pins.inputs)
        state.inputsKnown = true
        devices[name] = state
        guard isActive, changed != 0 else { return }
        for pin in 0..<pins.count where changed & (1 << UInt16(pin)) != 0 {
            await send("i2c_input", ["module": .string(context.name), "device": .string(name), "pin": .int(pin), "value": .bool(state.level(pin))])
        }
    }

    func sendError(_ state: DeviceState, _ error: I2CError) async {
        await send(
            "i2c_error",
            [
                "module": .string(context.name), "device": .string(state.spec.name), "address": .int(Int(state.spec.address)),
                "errno": error.errno.map { .int(Int($0.rawValue)) } ?? .null, "message": .string(error.description),
            ])
    }

    private func send(_ event: String, _ payload: Value) async {
        do {
            try await context.trigger(event, payload)
        } catch {
            context.logger.error("cannot send an i2c event", metadata: ["event": "\(event)", "error": "\(error)"])
        }
    }
}
