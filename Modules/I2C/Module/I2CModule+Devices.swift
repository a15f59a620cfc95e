import LooselyCoupled

extension I2CModule {
    /// `scan {probe?}`: every address from 0x08 to 0x77 probed as i2cdetect does by default;
    /// addresses a kernel driver holds are reported apart, with the driver's name.
    func scan(_ arguments: I2CArguments.Scan) throws -> Value {
        guard let probe = ScanResult.Probe(rawValue: arguments.probe ?? "auto") else {
            throw CallError(.invalidArguments, "\(context.name).scan: probe is auto, quick or read")
        }
        let result = try perform { context throws(I2CError) in
            let io = try context.io()
            var result = ScanResult()
            for address in ScanResult.range {
                if case .kernel(let driver) = io.adapter.claim(of: address) {
                    result.inUse.append(ScanResult.Claimed(address: address, driver: driver))
                    continue
                }
                guard let transaction = probe.transaction(for: address, functionality: io.adapter.functionality) else {
                    result.skipped.append(address)
                    continue
                }
                if (try? io.smbus(transaction, address: address)) != nil { result.present.append(address) }
            }
            // The probes opened a descriptor per address: close them all; polls open theirs again.
            io.adapter.release()
            return result
        }
        return [
            "bus": .string(path), "probe": .string(probe.rawValue),
            "present": .array(result.present.map { .string(I2CAddress.hex($0)) }),
            "in_use": .array(
                result.inUse.map {
                    ["address": .string(I2CAddress.hex($0.address)), "driver": $0.driver.map(Value.string) ?? .null]
                }),
            "table": .string(result.table),
        ]
    }

    /// `list`: the bus, its functionality, and every device with its state.
    func list() -> Value {
        var object: Value = [:]
        for name in devices.keys.sorted() { object[name] = devices[name]?.summary ?? .null }
        return [
            "backend": .string(backend.name), "bus": .string(path),
            "functionality": .array(functionality.names.map(Value.string)), "devices": object,
        ]
    }

    /// The state of the device named `name`, or `invalid_arguments` listing the devices.
    func state(_ name: String) throws(CallError) -> DeviceState {
        guard let state = devices[name] else {
            let names = devices.keys.sorted().joined(separator: ", ")
            throw CallError(
                .invalidArguments, "\(context.name): no device '\(name)' (devices: \(names.isEmpty ? "none" : names))")
        }
        return state
    }

    /// Runs `body` with the device's hardware side, noting its failure or answer.
    func onDevice<T>(_ name: String, _ body: (BusDevice, I2CBusIO) throws(I2CError) -> T) throws -> T {
        _ = try state(name)
        do {
            let result = try perform { context throws(I2CError) in
                do throws(I2CError) {
                    return try body(try context.device(name), try context.io())
                } catch {
                    context.failed(error, device: name)
                    throw error
                }
            }
            noteAnswer(name)
            return result
        } catch {
            if let failure = error.underlying as? I2CError { noteFailure(name, failure) }
            throw error
        }
    }

    /// `read {device}`, `get {device, pin}` and `set {device, pin, value}`, then the events and
    /// states they made, sent whether the call succeeded or not (a device that stopped
    /// answering makes `i2c_error`).
    func read(_ arguments: I2CArguments.Device) async throws -> Value {
        try await sendingAfter { () throws -> Value in try readNow(arguments) }
    }
    func get(_ arguments: I2CArguments.Pin) async throws -> Value {
        try await sendingAfter { () throws -> Value in try getNow(arguments) }
    }
    func set(_ arguments: I2CArguments.SetPin) async throws -> Value {
        try await sendingAfter { () throws -> Value in try setNow(arguments) }
    }

    private func sendingAfter(_ body: () throws -> Value) async throws -> Value {
        let result: Result<Value, any Error>
        do {
            result = .success(try body())
        } catch {
            result = .failure(error)
        }
        await flush()
        return try result.get()
    }

    /// `read {device}`: a BME280's fresh reading (°C, %RH, hPa), an expander's pins, or a raw
    /// device's registers.
    func readNow(_ arguments: I2CArguments.Device) throws -> Value {
        let state = try state(arguments.device)
        switch state.spec.driver {
        case .bme280:
            let values = BusDevice.values(
                try onDevice(arguments.device) { device, io throws(I2CError) in try device.measure(io) })
            noteReading(arguments.device, values, at: MonotonicClock.now())
            return Self.object(values)
        case .pcf8574, .mcp23017:
            let levels = try onDevice(arguments.device) { device, io throws(I2CError) in try device.readPins(io) }
            noteInputs(arguments.device, levels)
            let summary = devices[arguments.device]?.summary ?? [:]
            return ["inputs": summary["inputs"] ?? [:], "outputs": summary["outputs"] ?? [:]]
        case .raw(_, let registers):
            let names = registers.keys.sorted()
            let values = try onDevice(arguments.device) { device, io throws(I2CError) in
                var values: [String: Double] = [:]
                for name in names { values[name] = try device.readRegister(io, name) }
                return values
            }
            noteReading(arguments.device, values, at: MonotonicClock.now())
            return Self.object(values)
        }
    }

    /// `get {device, pin}`: an expander pin's level, read from the chip.
    func getNow(_ arguments: I2CArguments.Pin) throws -> Value {
        let pins = try expanderPins(arguments.device, arguments.pin, method: "get")
        let mask = UInt16(1) << UInt16(arguments.pin)
        if pins.outputs & mask != 0 { return .bool(try state(arguments.device).level(arguments.pin)) }
        let levels = try onDevice(arguments.device) { device, io throws(I2CError) in try device.readPins(io) }
        if pins.inputs & mask != 0 { noteInputs(arguments.device, levels) }
        return .bool(levels & mask != 0)
    }

    /// `set {device, pin, value}`: drives an expander output.
    func setNow(_ arguments: I2CArguments.SetPin) throws -> Value {
        let pins = try expanderPins(arguments.device, arguments.pin, method: "set")
        let mask = UInt16(1) << UInt16(arguments.pin)
        guard pins.outputs & mask != 0 else {
            throw CallError(
                .invalidArguments,
                "\(context.name).set: pin \(arguments.pin) of '\(arguments.device)' is not an output (outputs: \(Self.pinList(pins.outputs)))"
            )
        }
        let current = try state(arguments.device).levels
        let levels = arguments.value ? current | mask : current & ~mask
        try onDevice(arguments.device) { device, io throws(I2CError) in try device.writePins(io, levels: levels) }
        // Read first: an input may have changed while the write was on its way.
        let now = devices[arguments.device]?.levels ?? 0
        devices[arguments.device]?.levels = now & ~mask | (levels & mask)
        if isActive {
            outbox.append(.state(Self.pinKey(arguments.device, arguments.pin), arguments.value ? "on" : "off", [:]))
        }
        return ["device": .string(arguments.device), "pin": .int(arguments.pin), "value": .bool(arguments.value)]
    }

    private func expanderPins(_ name: String, _ pin: Int, method: String) throws(CallError) -> (
        inputs: UInt16, outputs: UInt16, count: Int
    ) {
        let state = try state(name)
        guard let pins = state.spec.pins else {
            throw CallError(
                .invalidArguments, "\(context.name).\(method): '\(name)' is a \(state.spec.driverName), not an expander"
            )
        }
        guard (0..<pins.count).contains(pin), (pins.inputs | pins.outputs) & (1 << UInt16(pin)) != 0 else {
            throw CallError(
                .invalidArguments,
                "\(context.name).\(method): '\(name)' uses pins \(Self.pinList(pins.inputs | pins.outputs)), not \(pin)"
            )
        }
        return pins
    }

    static func pinList(_ mask: UInt16) -> String {
        let pins = (0..<16).filter { mask & (1 << UInt16($0)) != 0 }.map(String.init)
        return pins.isEmpty ? "none" : pins.joined(separator: ", ")
    }

    static func object(_ values: [String: Double]) -> Value {
        var object: Value = [:]
        for key in values.keys.sorted() { object[key] = values[key].map(Value.double) ?? .null }
        return object
    }
}
