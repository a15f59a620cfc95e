import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A device's hardware side, on the module's thread: what it needs to talk to the chip
/// (calibration, the output levels to restore after a power loss, the last input levels
/// reported). What the module reports (readings, pin states, whether the device answers) is
/// the module's own state, on its actor.
final class BusDevice {
    /// What one poll step did.
    enum Step {
        /// Something to hand to the module.
        case report(PollReport.Outcome)
        /// Nothing new to hand over.
        case nothing
        /// Call again after this long (a BME280 conversion running).
        case again(after: Duration)
    }

    let spec: DeviceSpec
    private(set) var isSetUp = false
    private var calibration: BME280Calibration?
    private var converting = false
    /// The output levels the chip should have.
    var levels: UInt16
    private var reportedInputs: UInt16?

    init(_ spec: DeviceSpec) {
        self.spec = spec
        self.levels = spec.initialLevels
    }

    /// Forgets what the chip was told: after a failure it may have lost power.
    func reset() {
        isSetUp = false
        converting = false
        reportedInputs = nil
    }

    /// Checks the chip and configures it: BME280 id and calibration, expander directions and outputs.
    func setUp(_ io: I2CBusIO) throws(I2CError) {
        switch spec.driver {
        case .bme280(let chip):
            calibration = try chip.setUp(io)
        case .pcf8574(let chip):
            try chip.write(io, levels: levels)
        case .mcp23017(let chip):
            try chip.setUp(io, levels: levels)
        case .raw(let width, _):
            // A raw device is only read: a one-byte read tells whether it answers.
            _ = try io.read(address: spec.address, register: 0, width: width, length: 1)
        }
        isSetUp = true
    }

    /// One poll: a raw register named `key`, or the device's own reading.
    func poll(_ io: I2CBusIO, key: String?) throws(I2CError) -> Step {
        if !isSetUp { try setUp(io) }
        switch spec.driver {
        case .bme280(let chip):
            guard converting, let calibration else {
                try chip.trigger(io)
                converting = true
                return .again(after: .microseconds(chip.oversampling.maximumMeasurementMicroseconds))
            }
            converting = false
            return .report(.reading(Self.values(try chip.fetch(io, calibration: calibration))))
        case .pcf8574, .mcp23017:
            let levels = try readPins(io)
            guard levels != reportedInputs else { return .nothing }
            reportedInputs = levels
            return .report(.inputs(levels))
        case .raw:
            guard let key else { return .report(.ready) }
            return .report(.reading([key: try readRegister(io, key)]))
        }
    }

    /// A fresh BME280 reading now: blocks the module's thread for the conversion (at most ~113 ms).
    func measure(_ io: I2CBusIO) throws(I2CError) -> BME280Reading {
        guard case .bme280(let chip) = spec.driver else {
            throw I2CError(.invalidArguments, "'\(spec.name)' is a \(spec.driverName), not a bme280")
        }
        if !isSetUp || calibration == nil { try setUp(io) }
        guard let calibration else { throw I2CError(.system, "no calibration for '\(spec.name)'") }
        try chip.trigger(io)
        converting = false
        var pause = timespec(tv_sec: 0, tv_nsec: chip.oversampling.maximumMeasurementMicroseconds * 1000)
        var left = timespec()
        while nanosleep(&pause, &left) != 0 && errno == EINTR { pause = left }
        return try chip.fetch(io, calibration: calibration)
    }

    /// The expander's pins now.
    func readPins(_ io: I2CBusIO) throws(I2CError) -> UInt16 {
        if !isSetUp { try setUp(io) }
        switch spec.driver {
        case .pcf8574(let chip): return try chip.read(io)
        case .mcp23017(let chip): return try chip.read(io)
        case .bme280, .raw: throw I2CError(.invalidArguments, "'\(spec.name)' is a \(spec.driverName), not an expander")
        }
    }

    /// Sets the expander's outputs to `levels`.
    func writePins(_ io: I2CBusIO, levels: UInt16) throws(I2CError) {
        self.levels = levels
        if !isSetUp {
            try setUp(io)
            return
        }
        switch spec.driver {
        case .pcf8574(let chip): try chip.write(io, levels: levels)
        case .mcp23017(let chip): try chip.write(io, levels: levels)
        case .bme280, .raw: throw I2CError(.invalidArguments, "'\(spec.name)' is a \(spec.driverName), not an expander")
        }
    }

    /// A raw register's value now.
    func readRegister(_ io: I2CBusIO, _ key: String) throws(I2CError) -> Double {
        guard case .raw(let width, let registers) = spec.driver, let register = registers[key] else {
            throw I2CError(.invalidArguments, "'\(spec.name)' has no register '\(key)'")
        }
        let bytes = try io.read(address: spec.address, register: register.register, width: width, length: register.size)
        return register.value(of: bytes)
    }

    /// A reading's values under the names events and results use.
    static func values(_ reading: BME280Reading) -> [String: Double] {
        var values = ["temperature": reading.celsius]
        if let pressure = reading.hectopascal { values["pressure"] = pressure }
        if let humidity = reading.percent { values["humidity"] = humidity }
        return values
    }
}
