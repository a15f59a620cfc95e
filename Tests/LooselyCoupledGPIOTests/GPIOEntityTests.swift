import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledGPIO

/// The gpio module's entities: inputs as binary sensors and click events, outputs as switches or
/// lights, commands through `set`.
@Suite("gpio module: entities")
struct GPIOEntityTests {
    static let panel = """
        backend: simulated
        inputs:
          doorbell: {line: GPIO17, bias: pull-up, active_low: true}
          Garage Door: {line: GPIO5, click: {long_press: 0, hold_delay: 0}}
        outputs:
          porch: {line: 27}
          hall: {line: GPIO22, as: light}
        rhythms:
          alarm: {on: 100ms, off: 100ms}
        """

    @Test(
        "each input is a binary_sensor and an event entity of its clicks; each output a switch, or a light whose effects are the rhythms and blink"
    )
    func entitiesOfTheModule() async throws {
        try await withPanel(Self.panel) { manager, _, _ in
            let entities = try manager.states(matching: "panel.*")
            #expect(
                entities.map { "\($0.id) \($0.entity.kind)" } == [
                    "panel.garage_door binary_sensor", "panel.garage_door_clicks event",
                    "panel.doorbell binary_sensor", "panel.doorbell_clicks event",
                    "panel.hall light", "panel.porch switch",
                ])
            let byID = Dictionary(uniqueKeysWithValues: entities.map { ($0.id, $0) })
            #expect(byID["panel.doorbell"]?.state == "off")
            #expect(byID["panel.doorbell_clicks"]?.state == "unknown")
            #expect(
                byID["panel.doorbell_clicks"]?.entity.eventTypes == [
                    "click", "double_click", "multi_click", "long_press", "hold",
                ])
            #expect(byID["panel.garage_door_clicks"]?.entity.eventTypes == ["click", "double_click", "multi_click"])
            #expect(byID["panel.garage_door"]?.entity.name == "Garage Door")
            #expect(
                byID["panel.hall"]?.entity.effects == [
                    "alarm", "fast", "normal", "slow", "very_fast", "very_slow", "blink",
                ])
            #expect(byID["panel.porch"]?.state == "off")
            #expect(manager.statistics.modules.first { $0.name == "panel" }?.entities == 6)
        }
    }

    @Test(
        "set on a light with an effect starts the rhythm: the line blinks with its period and the light reads on with the effect"
    )
    func setALightsEffectStartsTheRhythm() async throws {
        try await withPanel(Self.panel) { manager, log, _ in
            let answer = try await manager.setEntity("panel.hall", to: "fast")
            #expect(answer["state"] == "fast")
            let events = try await log.wait(for: "gpio_output", count: 3)
            #expect(events.allSatisfy { $0.payload["output"] == "hall" && $0.payload["state"] == "fast" })
            #expect(events.map { $0.payload["value"] } == [true, false, true])
            let hall = try #require(try manager.states(matching: "panel.hall").first)
            #expect(hall.state == "on" && hall.attributes == ["effect": "fast"])
            _ = try await manager.setEntity("panel.hall", to: "on", attributes: ["effect": "alarm"])
            #expect(try manager.states(matching: "panel.hall").first?.attributes == ["effect": "alarm"])
            _ = try await manager.setEntity(
                "panel.hall", to: "blink", attributes: ["on": "20ms", "off": "20ms", "count": 2])
            _ = try await log.wait("the counted blink's end") { events in
                events.last?.payload == ["module": "panel", "output": "hall", "value": false, "state": "off"]
            }
            #expect(try manager.states(matching: "panel.hall").first?.state == "off", "a counted blink ends off")
        }
    }

    @Test("set on a switch switches its line; on an input it is refused as read-only; a switch has no effects")
    func switchesAndInputs() async throws {
        try await withPanel(Self.panel) { manager, _, world in
            let chip = try #require(world.chip(named: "gpiochip0"))
            _ = try await manager.setEntity("panel.porch", to: "toggle")
            #expect(chip.level(offset: 27))
            #expect(try manager.states(matching: "panel.porch").first?.state == "on")
            _ = try await manager.setEntity("panel.porch", to: false)
            #expect(!chip.level(offset: 27))
            for (id, state, code) in [
                ("panel.doorbell", Value("on"), CallError.Code.readOnlyEntity),
                ("panel.doorbell_clicks", "click", .readOnlyEntity), ("panel.porch", "fast", .invalidState),
            ] {
                do throws(CallError) {
                    _ = try await manager.setEntity(id, to: state)
                    Issue.record("\(id) took \(state)")
                } catch {
                    #expect(error.code == code, "\(id)")
                }
            }
        }
    }

    @Test("a press turns the binary sensor on and off, and its click is an event of the clicks entity")
    func pressesAreStatesAndEvents() async throws {
        try await withPanel(Self.panel) { manager, log, _ in
            let changes = try manager.events(matching: "state_changed")
            _ = try await manager.call("panel.simulate_press", ["input": "doorbell", "duration": "50ms"])
            _ = try await log.wait(for: "gpio_click")
            let heard = try await withTimeout(.seconds(10), "for the click's entity state") {
                var heard: [Value] = []
                for await event in changes {
                    heard.append(event.payload)
                    if event.payload["entity"] == "panel.doorbell_clicks" { break }
                }
                return heard
            }
            #expect(heard.map { $0["entity"] } == ["panel.doorbell", "panel.doorbell", "panel.doorbell_clicks"])
            #expect(heard.prefix(2).map { $0["new"] } == ["on", "off"])
            // An event entity's state is the time of its last event, in RFC 3339.
            #expect(heard.last?["new"]?.stringValue?.hasSuffix("Z") == true)
            #expect(heard.last?["attributes"] == ["event_type": "click"])
            let clicks = try #require(try manager.states(matching: "panel.doorbell_clicks").first)
            #expect(clicks.attributes == ["event_type": "click"])
        }
    }
}
