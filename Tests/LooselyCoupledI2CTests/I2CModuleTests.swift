import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledI2C

@Suite("I2CModule on the simulated bus")
struct I2CModuleTests {
    static let yaml = """
        bus: 1
        backend: simulated
        devices:
          climate: {driver: bme280, address: 0x76, poll: 100ms}
          relays: {driver: pcf8574, address: 0x20, inputs: [0, 1], outputs: [4, 5, 6, 7], poll: 20ms}
          ports: {driver: mcp23017, address: 0x21, inputs: [8], outputs: [0, 1]}
          custom:
            driver: raw
            address: 0x48
            registers: {temp: {register: 0x00, size: 2, signed: true, scale: 0.00390625, unit: "°C"}}
        """

    @Test("scan lists the simulated devices' addresses, and i2cdetect's table")
    func scan() async throws {
        try await withSensors(Self.yaml) { manager, _, _ in
            let result = try await manager.call("sensors.scan")
            #expect(result["present"] == ["0x20", "0x21", "0x48", "0x76"])
            #expect(result["in_use"] == [])
            #expect(result["table"]?.stringValue?.contains("70: -- -- -- -- -- -- 76 --") == true)
        }
    }

    @Test("a kernel-claimed address is shown as in use, with the driver's name")
    func scanInUse() async throws {
        let world = SimulatedI2C()
        var claimed = SimulatedDevice(.bme280)
        claimed.claimedBy = "bmp280"
        world.attach(claimed, at: 0x77, bus: 1)
        try await withSensors(Self.yaml, world: world) { manager, _, _ in
            let result = try await manager.call("sensors.scan")
            #expect(result["in_use"] == [["address": "0x77", "driver": "bmp280"]])
            #expect(result["table"]?.stringValue?.hasSuffix("76 UU") == true)
        }
    }

    @Test("BME280 polls give i2c_reading with plausible values; read gives a fresh one")
    func bme280Readings() async throws {
        try await withSensors(Self.yaml) { manager, log, world in
            let readings = try await log.wait(named: "i2c_reading", count: 2)
            let climate = try #require(readings.first { $0.payload["device"] == "climate" })
            let values = try #require(climate.payload["values"])
            #expect(abs((values["temperature"]?.doubleValue ?? 0) - 21.5) < 0.01)
            #expect(abs((values["humidity"]?.doubleValue ?? 0) - 45) < 0.01)
            #expect(abs((values["pressure"]?.doubleValue ?? 0) - 1013.25) < 0.01)
            #expect(climate.payload["timestamp_ns"]?.intValue != nil)
            world.update(bus: 1, address: 0x76) {
                $0.set(conditions: .init(temperature: -5, humidity: 90, pressure: 950))
            }
            let fresh = try await manager.call("sensors.read", ["device": "climate"])
            #expect(abs((fresh["temperature"]?.doubleValue ?? 0) + 5) < 0.01)
            #expect(abs((fresh["pressure"]?.doubleValue ?? 0) - 950) < 0.01)
            let list = try await manager.call("sensors.list")
            #expect(list["devices"]?["climate"]?["available"] == true)
        }
    }

    @Test("expander outputs are set and read back; a driven input gives i2c_input, once")
    func expanders() async throws {
        try await withSensors(Self.yaml) { manager, log, world in
            _ = try await manager.call("sensors.set", ["device": "relays", "pin": 4, "value": true])
            #expect(world.update(bus: 1, address: 0x20) { $0.latch } == 0b0001_1111)
            #expect(try await manager.call("sensors.get", ["device": "relays", "pin": 4]) == true)
            #expect(try await manager.call("sensors.get", ["device": "relays", "pin": 0]) == true)
            _ = try await manager.call("sensors.simulate", ["device": "relays", "pin": 1, "value": false])
            let inputs = try await log.wait(named: "i2c_input")
            #expect(inputs.map(\.payload) == [["module": "sensors", "device": "relays", "pin": 1, "value": false]])
            _ = try await manager.call("sensors.set", ["device": "ports", "pin": 1, "value": true])
            #expect(world.update(bus: 1, address: 0x21) { $0.read(MCP23017.olatA) } == 0b10)
            #expect(world.update(bus: 1, address: 0x21) { $0.read(MCP23017.iodirA) } == 0b1111_1100)
            _ = try await manager.call("sensors.simulate", ["device": "ports", "pin": 8, "value": false])
            #expect(try await manager.call("sensors.get", ["device": "ports", "pin": 8]) == false)
            let wrong = await #expect(throws: CallError.self) {
                try await manager.call("sensors.set", ["device": "relays", "pin": 0, "value": true])
            }
            #expect(wrong?.message.contains("not an output") == true)
        }
    }

    @Test("a device that vanishes gives i2c_error (errno 121, what to check), then i2c_recovered")
    func vanishAndReturn() async throws {
        try await withSensors(Self.yaml) { manager, log, _ in
            try await log.wait(named: "i2c_reading")
            _ = try await manager.call("sensors.simulate", ["device": "relays", "present": false])
            let error = try #require(try await log.wait(named: "i2c_error").first)
            #expect(error.payload["device"] == "relays")
            #expect(error.payload["address"] == 0x20)
            #expect(error.payload["errno"] == 121)
            #expect(
                error.payload["message"]?.stringValue?.contains(
                    "no device answered at 0x20 on /dev/i2c-1: check wiring, address and pull-ups") == true)
            let failed = await #expect(throws: (any Error).self) {
                try await manager.call("sensors.get", ["device": "relays", "pin": 0])
            }
            #expect("\(failed.map { "\($0)" } ?? "")".contains("no device answered at 0x20"))
            // Never early: while it is gone, retries fail quietly.
            #expect(log.events.filter { $0.name == "i2c_recovered" }.isEmpty)
            _ = try await manager.call("sensors.simulate", ["device": "relays", "present": true])
            // The retries back off (1 s, 2 s, 4 s…): on a busy machine the return may wait for a late one.
            let recovered = try await log.wait(named: "i2c_recovered", timeout: .seconds(90))
            #expect(recovered.map(\.payload) == [["module": "sensors", "device": "relays", "address": 0x20]])
            #expect(log.events.filter { $0.name == "i2c_error" }.count == 1)
            // After the return the outputs are restored (a real chip lost them with its power).
            #expect(try await manager.call("sensors.list")["devices"]?["relays"]?["available"] == true)
        }
    }

    @Test("raw access: byte, word and block reads and writes; any length; errors keep errno")
    func rawAccess() async throws {
        try await withSensors(Self.yaml) { manager, _, _ in
            _ = try await manager.call(
                "sensors.write_block", ["address": 0x48, "register": 0x00, "bytes": [0x19, 0x80]])
            #expect(try await manager.call("sensors.read", ["device": "custom"]) == ["temp": 25.5])
            #expect(try await manager.call("sensors.read_byte_data", ["address": 0x76, "register": 0xD0]) == 0x60)
            #expect(try await manager.call("sensors.read_word_data", ["address": 0x48, "register": 0x00]) == 0x8019)
            let long = try await manager.call("sensors.read_block", ["address": 0x76, "register": 0x88, "length": 100])
            #expect(long.arrayValue?.count == 100)
            #expect(long[0] == 0x70 && long[1] == 0x6B)
            let sht = try await manager.call(
                "sensors.transfer", ["address": 0x76, "messages": [["write": [0xD0]], ["read": 1]]])
            #expect(sht == [[0x60]])
            let nobody = await #expect(throws: CallError.self) {
                try await manager.call("sensors.read_byte", ["address": 0x10])
            }
            #expect(nobody?.code == .noDevice)
            #expect(
                nobody?.message.contains("no device answered at 0x10 on /dev/i2c-1: check wiring, address and pull-ups")
                    == true)
            #expect((nobody?.underlying as? I2CError)?.errno == I2CError.remoteIO)
            let far = await #expect(throws: CallError.self) {
                try await manager.call("sensors.read_byte", ["address": 0x80])
            }
            #expect(far?.code == .invalidArguments)
            let empty = await #expect(throws: CallError.self) {
                try await manager.call("sensors.read_block", ["address": 0x76, "register": 0x88, "length": 0])
            }
            #expect(empty?.code == .invalidArguments)
        }
    }

    @Test("addresses, registers and bytes may be strings as datasheets write them; a bad one is invalid_arguments")
    func numbersAsStrings() async throws {
        try await withSensors(Self.yaml) { manager, _, _ in
            #expect(try await manager.call("sensors.read_byte_data", ["address": "0x76", "register": "0xD0"]) == 0x60)
            _ = try await manager.call(
                "sensors.write_block", ["address": "72", "register": "0b0", "bytes": ["0x19", 0x80]])
            #expect(try await manager.call("sensors.read", ["device": "custom"]) == ["temp": 25.5])
            for bad: Value in ["0x7g", "seventy", 1.5, true] {
                let error = await #expect(throws: CallError.self) {
                    try await manager.call("sensors.read_byte", ["address": bad])
                }
                #expect(error?.code == .invalidArguments)
                #expect(error?.message.contains("address: expected an integer, or a string such as \"0x76\"") == true)
            }
            let overflow = await #expect(throws: CallError.self) {
                try await manager.call("sensors.write_block", ["address": 0x48, "register": 0, "bytes": ["0x100"]])
            }
            #expect(overflow?.message.contains("byte 256 is not a byte (0–255)") == true)
        }
    }

    @Test("on an SMBus-only adapter a 100-byte read is chunked I2C blocks; a combined transfer says it cannot")
    func smbusOnlyAdapter() async throws {
        let world = SimulatedI2C()
        world.addBus(1, name: "SMBus stub driver", functionality: .smbusOnly)
        try await withSensors(Self.yaml.replacingBus(with: "\"SMBus stub driver\""), world: world) { manager, _, _ in
            let long = try await manager.call("sensors.read_block", ["address": 0x76, "register": 0x88, "length": 100])
            #expect(long.arrayValue?.count == 100)
            let refused = await #expect(throws: (any Error).self) {
                try await manager.call(
                    "sensors.transfer", ["address": 0x76, "messages": [["write": [0xD0]], ["read": 1]]])
            }
            #expect("\(refused.map { "\($0)" } ?? "")".contains("SMBus-only adapters cannot"))
        }
    }

    @Test("a config naming its bus by adapter name runs simulated as it is (--simulate)")
    func adapterNameSimulated() async throws {
        try await withSensors(Self.yaml.replacingBus(with: "\"bcm2835 (i2c@7e804000)\"")) { manager, _, _ in
            let list = try await manager.call("sensors.list")
            #expect(list["bus"] == "/dev/i2c-1")
        }
        try await withSensors(Self.yaml.replacingBus(with: "\"SMBus stub driver\"")) { manager, _, _ in
            let scan = try await manager.call("sensors.scan")
            #expect(scan["present"] == ["0x20", "0x21", "0x48", "0x76"])
        }
    }

    @Test("the simulated bus refuses SMBus blocks over 32 bytes, as the kernel does")
    func blockLimit() throws {
        let world = SimulatedI2C()
        world.attach(SimulatedDevice(.registers), at: 0x50, bus: 1)
        let adapter = try world.open(path: "/dev/i2c-1")
        let error = #expect(throws: I2CError.self) {
            try adapter.smbus(.readI2CBlock(register: 0, length: 33), address: 0x50)
        }
        #expect(error?.description.contains("(errno 22)") == true)
        #expect(try adapter.smbus(.readI2CBlock(register: 0, length: 32), address: 0x50).bytes.count == 32)
    }

    @Test("a bus that does not exist fails the start, saying how to enable I2C")
    func missingBus() async throws {
        let config = try i2cConfig("bus: /dev/i2c-97\nbackend: hardware\n")
        let spec = ModuleSpec(I2CModule.self, name: "sensors", typeName: "i2c", config: config, required: true)
        let text = try #require(await startFailure([spec]))
        #expect(text.contains("no I2C bus /dev/i2c-97"))
        #expect(text.contains("dtparam=i2c_arm=on"))
    }
}

extension String {
    fileprivate func replacingBus(with bus: String) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasPrefix("bus:") ? "bus: \(bus)" : String($0)
        }.joined(separator: "\n")
    }
}
