import LooselyCoupled
import LooselyCoupledTestKit
import Testing

/// `looselycoupled states` and `looselycoupled set` against the real daemon, as a user runs them.
@Suite("entities in the daemon: states and set")
struct EntityCommandTests {
    static let panelConfig = """
        modules:
          panel:
            type: gpio
            backend: simulated
            inputs:
              doorbell: {line: GPIO17, bias: pull-up, active_low: true}
            outputs:
              porch: {line: 27, as: light}
              fan: {line: 22}
        """

    @Test("states lists every entity of config/demo.yaml with its kind, in config order")
    func demoEntities() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        let demo = String(decoding: try #require(readFileBytes(repositoryRoot + "/config/demo.yaml")), as: UTF8.self)
        let daemon = try await TestDaemon(
            config: demo.replacing("state_dir: /tmp/looselycoupled-demo", with: "state_dir: \(state.path)"))
        let result = try await daemon.client(["states", "--json"])
        #expect(result.code == 0, "\(result.stderr)")
        let entities = try Value(json: result.stdout.joined(separator: "\n")).arrayValue ?? []
        #expect(
            entities.map { "\($0["entity"]?.stringValue ?? "?") \($0["kind"]?.stringValue ?? "?")" } == [
                "clock.alarm event", "clock.blink event", "clock.heartbeat event", "minutes.minute event",
                "panel.doorbell binary_sensor", "panel.doorbell_clicks event", "panel.porch light",
                "meter.connected binary_sensor", "meter.last_frame sensor",
                "sensors.climate_temperature sensor", "sensors.climate_humidity sensor",
                "sensors.climate_pressure sensor", "sensors.custom_temp sensor", "sensors.relays_0 binary_sensor",
                "sensors.relays_1 binary_sensor", "sensors.relays_4 switch", "sensors.relays_5 switch",
                "sensors.relays_6 switch", "sensors.relays_7 switch",
                "automations.doorbell_blinks_porch switch", "automations.porch_stair_light switch",
                "automations.porch_alarm switch", "automations.evening_porch switch",
                "automations.porch_off_at_night switch",
            ])
        #expect(entities.allSatisfy { $0["last_changed"] != nil && $0["attributes"] != nil && $0["name"] != nil })

        let table = try await daemon.client(["states", "panel.*"])
        #expect(table.code == 0, "\(table.stderr)")
        #expect(
            table.stdout.first?.split(separator: " ", omittingEmptySubsequences: true) == [
                "ENTITY", "KIND", "STATE", "SINCE",
            ])
        #expect(
            table.stdout.dropFirst().map { $0.split(separator: " ").first.map(String.init) } == [
                "panel.doorbell", "panel.doorbell_clicks", "panel.porch",
            ])
        _ = try await daemon.terminate()
    }

    @Test("set starts a light's effect and switches a switch; a read-only or unknown entity is refused, exit 1")
    func setCommand() async throws {
        let daemon = try await TestDaemon(config: Self.panelConfig)
        let fast = try await daemon.client(["set", "panel.porch", "fast"])
        #expect(fast.code == 0, "\(fast.stderr)")
        #expect(try Value(json: fast.stdout.joined())["state"] == "fast")
        let porch = try await daemon.client(["states", "panel.porch", "--json"])
        let entity = try Value(json: porch.stdout.joined()).arrayValue?.first
        #expect(entity?["state"] == "on" && entity?["attributes"] == ["effect": "fast"])

        let on = try await daemon.client(["set", "panel.fan", "true"])
        #expect(on.code == 0, "\(on.stderr)")
        #expect(try Value(json: on.stdout.joined())["state"] == "on")

        for (arguments, code) in [
            (["set", "panel.doorbell", "on"], "read_only_entity"), (["set", "panel.fann", "on"], "unknown_entity"),
            (["set", "panel.fan", "fast"], "invalid_state"),
        ] {
            let refused = try await daemon.client(arguments)
            #expect(refused.code == 1)
            #expect(try Value(json: refused.stderr.joined())["error"]?["code"] == .string(code), "\(arguments)")
        }
        let status = try await daemon.client(["status"])
        #expect(status.stdout.first?.contains("ENTITIES") == true)
        #expect(status.stdout.dropFirst().first?.split(separator: " ").contains("4") == true, "\(status.stdout)")
        _ = try await daemon.terminate()
    }
}
