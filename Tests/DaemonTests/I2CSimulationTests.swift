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

    /// A running `looselycoupled events 'i2c_*'` client and the events it printed.
    struct Watcher {
        let process: Subprocess

        init(_ daemon: TestDaemon) async throws {
            process = try Subprocess(executablePath, ["events", "i2c_*", "--control-socket", daemon.socket])
            _ = try await process.line(in: \.stderr, containing: "watching events matching 'i2c_*'")
        }

        /// Every event printed so far, once `count` events named `name` have been.
        func events(until name: String, count: Int = 1, timeout: Duration = .seconds(20)) async throws -> [Value] {
            let lines = try await withTimeout(timeout, "for \(count) × \(name)") { [process] in
                await process.stdout.wait { lines in lines.count { $0.contains("\"\(name)\"") } >= count }
            }
            return try lines.map { try Value(json: $0) }
        }
    }

    private func call(_ daemon: TestDaemon, _ target: String, _ arguments: String = "{}") async throws -> Value {
        let result = try await daemon.client(["call", target, arguments])
        #expect(result.code == 0, "\(result.stderr)")
        return try Value(json: result.stdout.joined())
    }

    @Test("scan lists the simulated addresses; polls give readings; pins set and read; a vanished device errs and recovers")
    func simulatedBus() async throws {
        let daemon = try await TestDaemon(config: Self.config)
        let watcher = try await Watcher(daemon)

        let scan = try await call(daemon, "sensors.scan")
        #expect(scan["present"] == ["0x20", "0x76"])

        var events = try await watcher.events(until: "i2c_reading")
        let reading = try #require(events.first { $0["event"] == "i2c_reading" })
        #expect(reading["payload"]?["device"] == "climate")
        let temperature = try #require(reading["payload"]?["values"]?["temperature"]?.doubleValue)
        #expect((15...30).contains(temperature))
        let list = try await call(daemon, "sensors.list")
        #expect(list["devices"]?["climate"]?["values"]?["humidity"]?.doubleValue.map { (0...100).contains($0) } == true)

        #expect(try await call(daemon, "sensors.set", #"{"device": "relays", "pin": 5, "value": true}"#)["value"] == true)
        #expect(try await call(daemon, "sensors.get", #"{"device": "relays", "pin": 5}"#) == true)
        _ = try await call(daemon, "sensors.simulate", #"{"device": "relays", "pin": 0, "value": false}"#)
        events = try await watcher.events(until: "i2c_input")
        #expect(events.last { $0["event"] == "i2c_input" }?["payload"] == ["module": "sensors", "device": "relays", "pin": 0, "value": false])

        _ = try await call(daemon, "sensors.simulate", #"{"device": "climate", "present": false}"#)
        events = try await watcher.events(until: "i2c_error")
        let error = try #require(events.last { $0["event"] == "i2c_error" })
        #expect(error["payload"]?["errno"] == 121)
        #expect(error["payload"]?["message"]?.stringValue?.contains("no device answered at 0x76 on /dev/i2c-1: check wiring, address and pull-ups") == true)
        _ = try await call(daemon, "sensors.simulate", #"{"device": "climate", "present": true}"#)
        // The retries back off (1 s, 2 s, 4 s…): on a busy machine the return may wait for a late one.
        events = try await watcher.events(until: "i2c_recovered", timeout: .seconds(90))
        #expect(events.last { $0["event"] == "i2c_recovered" }?["payload"] == ["module": "sensors", "device": "climate", "address": 0x76])

        #expect(try await daemon.terminate() == 0)
    }
}
