import LooselyCoupled
import LooselyCoupledTestKit
import Testing

/// A simulated i2c module in the real daemon, driven with `looselycoupled call` and watched with
/// `looselycoupled events`, as a user on a laptop would.
@Suite("i2c in the daemon")
struct I2CSimulationTests {
    static let config = """
        modules:
          sensors:
            type: i2c
            bus: 1
            backend: simulated
            devices:
              climate: {driver: bme280, address: 0x76, poll: 200ms}
              relays: {driver: pcf8574, address: 0x20, inputs: [0, 1], outputs: [4, 5, 6, 7], poll: 20ms}
        """

    private func call(_ daemon: TestDaemon, _ target: String, _ arguments: String = "{}") async throws -> Value {
        let result = try await daemon.client(["call", target, arguments])
        #expect(result.code == 0, "\(result.stderr)")
        return try Value(json: result.stdout.joined())
    }

    @Test(
        "scan lists the simulated addresses; polls give readings and sensor states; pins set (also as switches) and read; a vanished device errs and recovers"
    )
    func simulatedBus() async throws {
        let daemon = try await TestDaemon(config: Self.config)
        let watcher = try await EventsClient(daemon, matching: "i2c_*")

        let scan = try await call(daemon, "sensors.scan")
        #expect(scan["present"] == ["0x20", "0x76"])

        var events = try await watcher.events(until: "i2c_reading")
        let reading = try #require(events.first { $0["event"] == "i2c_reading" })
        #expect(reading["payload"]?["device"] == "climate")
        let temperature = try #require(reading["payload"]?["values"]?["temperature"]?.doubleValue)
        #expect((15...30).contains(temperature))
        let list = try await call(daemon, "sensors.list")
        #expect(list["devices"]?["climate"]?["values"]?["humidity"]?.doubleValue.map { (0...100).contains($0) } == true)
        let states = try await daemon.client(["states", "sensors.climate_*", "--json"])
        let sensors = try Value(json: states.stdout.joined(separator: "\n")).arrayValue ?? []
        #expect(
            Set(sensors.compactMap { $0["entity"]?.stringValue }) == [
                "sensors.climate_humidity", "sensors.climate_pressure", "sensors.climate_temperature",
            ])
        #expect(sensors.allSatisfy { $0["state"]?.doubleValue != nil }, "\(sensors)")

        #expect(
            try await call(daemon, "sensors.set", #"{"device": "relays", "pin": 5, "value": true}"#)["value"] == true)
        #expect(try await call(daemon, "sensors.get", #"{"device": "relays", "pin": 5}"#) == true)
        let set = try await daemon.client(["set", "sensors.relays_6", "on"])
        #expect(set.code == 0, "\(set.stderr)")
        #expect(try await call(daemon, "sensors.get", #"{"device": "relays", "pin": 6}"#) == true)
        _ = try await call(daemon, "sensors.simulate", #"{"device": "relays", "pin": 0, "value": false}"#)
        events = try await watcher.events(until: "i2c_input")
        #expect(
            events.last { $0["event"] == "i2c_input" }?["payload"] == [
                "module": "sensors", "device": "relays", "pin": 0, "value": false,
            ])

        _ = try await call(daemon, "sensors.simulate", #"{"device": "climate", "present": false}"#)
        events = try await watcher.events(until: "i2c_error")
        let error = try #require(events.last { $0["event"] == "i2c_error" })
        #expect(error["payload"]?["errno"] == 121)
        #expect(
            error["payload"]?["message"]?.stringValue?.contains(
                "no device answered at 0x76 on /dev/i2c-1: check wiring, address and pull-ups") == true)
        _ = try await call(daemon, "sensors.simulate", #"{"device": "climate", "present": true}"#)
        // The retries back off (1 s, 2 s, 4 s…): on a busy machine the return may wait for a late one.
        events = try await watcher.events(until: "i2c_recovered", timeout: .seconds(90))
        #expect(
            events.last { $0["event"] == "i2c_recovered" }?["payload"] == [
                "module": "sensors", "device": "climate", "address": 0x76,
            ])

        #expect(try await daemon.terminate() == 0)
    }
}
