/// A configured device as the bus gets it: its name, address, driver and polling.
struct DeviceSpec: Sendable, Hashable {
    enum Driver: Sendable, Hashable {
        case bme280(BME280)
        case pcf8574(PCF8574)
        case mcp23017(MCP23017)
        case raw(width: RegisterWidth, registers: [String: RawRegister])
    }

    var name: String
    var address: UInt16
    var driver: Driver
    /// How often the device is read; `nil`: on request only. Raw registers have their own.
    var poll: Duration?
    /// An expander's output levels at start (bit n: pin n high).
    var initialLevels: UInt16 = 0

    /// The driver's name as the config writes it.
    var driverName: String {
        switch driver {
        case .bme280: "bme280"
        case .pcf8574: "pcf8574"
        case .mcp23017: "mcp23017"
        case .raw: "raw"
        }
    }

    /// The expander's input and output pins, if it is one.
    var pins: (inputs: UInt16, outputs: UInt16, count: Int)? {
        switch driver {
        case .pcf8574(let chip): (chip.inputs, chip.outputs, PCF8574.pinCount)
        case .mcp23017(let chip): (chip.inputs, chip.outputs, MCP23017.pinCount)
        case .bme280, .raw: nil
        }
    }

    /// What the bus polls for this device: one task, or one per polled raw register
    /// (`key` its name); none if nothing is polled.
    var pollTasks: [(key: String?, interval: Duration)] {
        switch driver {
        case .raw(_, let registers):
            return registers.keys.sorted().compactMap { name in
                guard let seconds = registers[name]?.poll, seconds > 0 else { return nil }
                return (name, Duration(configSeconds: seconds))
            }
        case .pcf8574, .mcp23017:
            guard let poll, let pins, pins.inputs != 0 else { return [] }
            return [(nil, poll)]
        case .bme280:
            return poll.map { [(nil, $0)] } ?? []
        }
    }
}
