import LooselyCoupled

/// What the module knows of one device: whether it answers, its latest readings and its pin
/// levels. The one place these live, so entities (sensors, binary sensors, switches) can be
/// fed from here.
struct DeviceState: Sendable {
    let spec: DeviceSpec
    /// `nil` until the device first answered or failed.
    var isAvailable: Bool?
    /// Why it last failed, while it does.
    var error: I2CError?
    /// Whether its `i2c_error` still has to be sent (it failed before the module was active).
    var errorPending = false
    /// The latest values: `temperature`, `humidity`, `pressure`, or a raw register's name.
    var values: [String: Double] = [:]
    /// `CLOCK_MONOTONIC` of the latest reading.
    var readAt: UInt64?
    /// Pin levels, bit n for pin n: inputs as last read, outputs as last set.
    var levels: UInt16
    /// Whether the inputs have been read once (the first read sets them without events).
    var inputsKnown = false

    init(spec: DeviceSpec) {
        self.spec = spec
        self.levels = spec.initialLevels
    }

    /// A pin's level.
    func level(_ pin: Int) -> Bool { levels & (1 << UInt16(pin)) != 0 }

    /// As `list` shows it.
    var summary: Value {
        var summary: Value = [
            "driver": .string(spec.driverName), "address": .string(I2CAddress.hex(spec.address)),
            "available": isAvailable.map(Value.bool) ?? .null,
        ]
        if let error { summary["error"] = .string(error.description) }
        if !values.isEmpty {
            var object: Value = [:]
            for name in values.keys.sorted() { object[name] = values[name].map(Value.double) ?? .null }
            summary["values"] = object
        }
        if let pins = spec.pins {
            var inputs: Value = [:], outputs: Value = [:]
            for pin in 0..<pins.count {
                if pins.inputs & (1 << UInt16(pin)) != 0 { inputs["\(pin)"] = inputsKnown ? .bool(level(pin)) : .null }
                if pins.outputs & (1 << UInt16(pin)) != 0 { outputs["\(pin)"] = .bool(level(pin)) }
            }
            summary["inputs"] = inputs
            summary["outputs"] = outputs
        }
        return summary
    }
}
