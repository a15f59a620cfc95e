import LooselyCoupled

/// An `i2c` module's config, decoded from the schema-normalised value (every default filled in
/// by ``I2CModule/schema``, none written here).
struct I2CConfiguration: Sendable, Decodable {
    enum Backend: String, Sendable, Decodable {
        case hardware, simulated
    }

    /// The config's `bus`: a number or a string.
    struct Bus: Sendable, Decodable {
        var spec: BusSpec

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Int.self) {
                spec = .number(number)
            } else if let spec = BusSpec(try container.decode(String.self)) {
                self.spec = spec
            } else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected a bus number, path or adapter name")
            }
        }
    }

    struct Oversampling: Sendable, Decodable {
        var temperature: Int
        var pressure: Int
        var humidity: Int
    }

    struct Device: Sendable, Decodable {
        var driver: String
        var address: Int
        /// Seconds.
        var poll: Double?
        var oversampling: Oversampling
        var inputs: [Int]
        var outputs: [Int]
        var pullUp: Bool
        var registerWidth: String
        var registers: [String: RawRegister]

        enum CodingKeys: String, CodingKey {
            case driver, address, poll, oversampling, inputs, outputs, registers
            case pullUp = "pull_up"
            case registerWidth = "register_width"
        }
    }

    var bus: Bus
    var backend: Backend
    /// Seconds.
    var keepOpen: Double
    var maxTransfer: Int
    var devices: [String: Device]

    enum CodingKeys: String, CodingKey {
        case bus, backend, devices
        case keepOpen = "keep_open"
        case maxTransfer = "max_transfer"
    }

    /// The devices as the bus takes them, by name.
    var deviceSpecs: [DeviceSpec] {
        devices.keys.sorted().compactMap { name -> DeviceSpec? in
            guard let device = devices[name] else { return nil }
            let address = UInt16(clamping: device.address)
            let inputs = Self.mask(device.inputs), outputs = Self.mask(device.outputs)
            let driver: DeviceSpec.Driver
            switch device.driver {
            case "bme280":
                let factors = device.oversampling
                driver = .bme280(
                    BME280(
                        address: address,
                        oversampling: BME280.Oversampling(
                            temperature: factors.temperature, pressure: factors.pressure, humidity: factors.humidity)))
            case "pcf8574": driver = .pcf8574(PCF8574(address: address, inputs: inputs, outputs: outputs))
            case "mcp23017":
                driver = .mcp23017(MCP23017(address: address, inputs: inputs, outputs: outputs, pullUp: device.pullUp))
            default: driver = .raw(width: device.registerWidth == "16" ? .sixteen : .eight, registers: device.registers)
            }
            let poll = device.poll.flatMap { $0 > 0 ? Duration(configSeconds: $0) : nil }
            return DeviceSpec(name: name, address: address, driver: driver, poll: poll)
        }
    }

    private static func mask(_ pins: [Int]) -> UInt16 {
        pins.reduce(0) { mask, pin in (0..<16).contains(pin) ? mask | UInt16(1) << UInt16(pin) : mask }
    }
}
