public import LooselyCoupled

extension I2CModule {
    /// The keys of an `i2c` module: its bus and backend, and its devices.
    ///
    /// ```yaml
    /// sensors:
    ///   type: i2c
    ///   bus: 1
    ///   backend: simulated
    ///   devices:
    ///     climate: {driver: bme280, address: 0x76, poll: 30s}
    ///     relays: {driver: pcf8574, address: 0x20, inputs: [0, 1], outputs: [4, 5, 6, 7], poll: 50ms}
    ///     custom:
    ///       driver: raw
    ///       address: 0x48
    ///       registers: {temp: {register: 0x00, size: 2, scale: 0.0078125, unit: "°C", poll: 10s}}
    /// ```
    public static let schema = Schema.object {
        Key(
            "bus", .oneOf(.int(range: 0...65_535), .string(nonEmpty: true)), default: 1,
            help:
                "the bus: a number (1 is /dev/i2c-1), a path, or the adapter's name as /sys/class/i2c-dev/*/name gives it"
        )
        Key(
            "backend", .choice(["hardware", "simulated"]), default: "hardware",
            help: "i2c-dev and libi2c, or a simulated bus (--simulate forces simulated)")
        Key(
            "keep_open", .duration, default: "1s",
            help:
                "how long the bus stays open unused; closed, the kernel can remove the adapter (rmmod, a USB adapter unplugged)"
        )
        Key(
            "max_transfer", .int(range: 1...8192), default: 8192,
            help: "the longest I2C message the adapter takes; longer reads and writes are split")
        Key("devices", .map(of: deviceSchema), default: [:], help: "the devices on the bus, by name")
    }

    static let drivers = ["bme280", "pcf8574", "mcp23017", "raw"]
    static let oversamplings = [0, 1, 2, 4, 8, 16]

    private static let oversamplingSchema = Schema.int(range: 0...16)

    private static let deviceSchema = Schema.object {
        Key("driver", .choice(drivers), required: true, help: "bme280, pcf8574, mcp23017 or raw")
        Key("address", .int(range: 0x03...0x77), required: true, help: "the 7-bit address (0x76); i2cdetect shows it")
        Key(
            "poll", .duration,
            help:
                "how often it is read (sensors) or its inputs are (expanders: 50ms for buttons); absent: on request only"
        )
        Key(
            "oversampling",
            .object {
                Key("temperature", oversamplingSchema, default: 1, help: "bme280: 0 (off), 1, 2, 4, 8 or 16")
                Key("pressure", oversamplingSchema, default: 1, help: "bme280: 0 (off), 1, 2, 4, 8 or 16")
                Key("humidity", oversamplingSchema, default: 1, help: "bme280: 0 (off), 1, 2, 4, 8 or 16")
            }, default: [:], help: "bme280: oversampling of each measurement (more: less noise, longer conversions)")
        Key(
            "inputs", .list(of: .int(range: 0...15)), default: [],
            help: "pcf8574 (0–7), mcp23017 (0–15): pins read as inputs, polled")
        Key(
            "outputs", .list(of: .int(range: 0...15)), default: [],
            help: "pcf8574, mcp23017: pins driven as outputs, off (low) at start")
        Key("pull_up", .bool, default: true, help: "mcp23017: the chip's pull-ups on its inputs")
        Key(
            "register_width", .choice(["8", "16"]), default: "8",
            help: "raw: register addresses of 8 or 16 bits (EEPROMs of 32 kbit and up)")
        Key(
            "registers",
            .map(
                of: .object {
                    Key("register", .int(range: 0...0xFFFF), required: true, help: "the register's address")
                    Key("size", .int(range: 1...8), default: 1, help: "bytes")
                    Key("byte_order", .choice(["big", "little"]), default: "big", help: "the order of its bytes")
                    Key("signed", .bool, default: false, help: "two's complement")
                    Key("scale", .double, default: 1.0, help: "the value is the raw number times this")
                    Key("unit", .string, default: "", help: "the unit of the scaled value")
                    Key("poll", .duration, default: "0", help: "how often it is read (0: on request only)")
                }), default: [:], help: "raw: the registers to read, by name")
    }

    /// What the schema cannot say: oversampling factors, pins per driver, keys of another
    /// driver, polling that inputs need, one device per address, and entity keys made once. Paths are relative to the module.
    public static func problems(in config: Value) -> [(path: ConfigPath, message: String)] {
        var found: [(path: ConfigPath, message: String)] = []
        var addresses: [Int: String] = [:]
        for (name, device) in config["devices"]?.members ?? [] {
            let path = ConfigPath([.key("devices"), .key(name)])
            let driver = device["driver"]?.stringValue ?? ""
            if let address = device["address"]?.intValue {
                if let first = addresses[address] {
                    found.append(
                        (
                            path.appending("address"),
                            "address \(I2CAddress.hex(UInt16(address))) is already used by device '\(first)'"
                        ))
                } else {
                    addresses[address] = name
                }
            }
            func given(_ key: String) -> Bool {
                !(device[key]?.arrayValue ?? []).isEmpty || !(device[key]?.members ?? []).isEmpty
            }
            let inputs = device["inputs"]?.arrayValue?.compactMap(\.intValue) ?? []
            let outputs = device["outputs"]?.arrayValue?.compactMap(\.intValue) ?? []
            switch driver {
            case "pcf8574", "mcp23017":
                let count = driver == "pcf8574" ? PCF8574.pinCount : MCP23017.pinCount
                for (key, pins) in [("inputs", inputs), ("outputs", outputs)] {
                    for pin in pins where pin >= count {
                        found.append((path.appending(key), "a \(driver) has pins 0–\(count - 1), not \(pin)"))
                    }
                    if Set(pins).count != pins.count { found.append((path.appending(key), "a pin is listed twice")) }
                }
                for pin in Set(inputs).intersection(outputs).sorted() {
                    found.append((path.appending("outputs"), "pin \(pin) is also an input"))
                }
                if !inputs.isEmpty && device["poll"] == nil {
                    found.append((path, "inputs are polled: give poll (50ms for buttons, slower for door contacts)"))
                }
                if given("registers") { found.append((path.appending("registers"), "registers are for driver raw")) }
            case "bme280":
                for key in ["temperature", "pressure", "humidity"] {
                    if let factor = device["oversampling"]?[key]?.intValue, !oversamplings.contains(factor) {
                        found.append(
                            (
                                path.appending("oversampling").appending(key),
                                "expected 0, 1, 2, 4, 8 or 16, got \(factor)"
                            ))
                    }
                }
                for key in ["inputs", "outputs", "registers"] where given(key) {
                    found.append((path.appending(key), "\(key) are not for a bme280"))
                }
            case "raw":
                if !given("registers") { found.append((path, "a raw device needs registers")) }
                let maximum = device["register_width"]?.stringValue == "16" ? 0xFFFF : 0xFF
                for (register, spec) in device["registers"]?.members ?? [] {
                    let address = spec["register"]?.intValue ?? 0
                    let size = spec["size"]?.intValue ?? 1
                    if address + size - 1 > maximum {
                        found.append(
                            (
                                path.appending("registers").appending(register),
                                "runs past the last register (\(I2CAddress.register(UInt16(maximum), width: maximum == 0xFF ? 8 : 16)))"
                            ))
                    }
                }
                for key in ["inputs", "outputs"] where given(key) {
                    found.append((path.appending(key), "\(key) are for expanders"))
                }
            default:
                break
            }
        }
        // Entity keys are made from device and register names: `a_b` + `c` and `a` + `b_c` meet.
        if found.isEmpty, let configuration = try? configuration(config) {
            found += Entity.keyConflicts(
                configuration.deviceSpecs.map { spec in
                    (
                        path: ConfigPath([.key("devices"), .key(spec.name)]), owner: "device '\(spec.name)'",
                        keys: entities(of: spec).map(\.key)
                    )
                })
        }
        return found
    }
}

extension Value {
    /// An object's members sorted by name, so problems come in a stable order; `nil` for
    /// anything else. (Iteration only: the object's representation may change.)
    var members: [(String, Value)]? {
        guard case .object(let object) = self else { return nil }
        var members: [(String, Value)] = []
        for (key, value) in object { members.append((key, value)) }
        return members.sorted { $0.0 < $1.0 }
    }
}
