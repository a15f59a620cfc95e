import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupled

@Suite("entities: declared by modules, one store, state_changed once per change, commands through one path")
struct EntityTests {
    /// The lamp and a listener recording `state_changed` and the test's `done` marker.
    func withLamp(
        _ controls: Lamp.Controls = Lamp.Controls(), extra: [ModuleSpec] = [],
        _ body: (ModuleManager, Recorder<Value>) async throws -> Void
    ) async throws {
        let heard = Recorder<Value>()
        try await withManager(
            [Lamp.spec(controls: controls)] + extra
                + [recordingSpec(name: "listener", events: ["state_changed", "done"], into: heard)],
            configuration: fastConfiguration()
        ) { manager in
            try await body(manager, heard)
        }
    }

    func write(_ manager: ModuleManager, _ key: String, _ state: Value) async throws {
        _ = try await manager.call("lamp.write", ["key": .string(key), "state": state])
    }

    @Test("a state change is broadcast exactly once, with old and new; writing the same state again is no change")
    func aChangeIsBroadcastOnce() async throws {
        try await withLamp { manager, heard in
            try await write(manager, "power", "on")
            try await write(manager, "power", "on")
            try await write(manager, "power", "off")
            // Queued after the writes' events, at the same priority: when it is heard, they were.
            try await manager.trigger("done", ["marker": 1])
            #expect(
                try await heard.waitFor(count: 3) == [
                    ["entity": "lamp.power", "old": "off", "new": "on", "attributes": [:]],
                    ["entity": "lamp.power", "old": "on", "new": "off", "attributes": [:]],
                    ["marker": 1],
                ])
            let power = try #require(try manager.states(matching: "lamp.power").first)
            #expect(power.state == "off")
            #expect(power.lastChanged != nil && power.lastUpdated != nil)
        }
    }

    @Test("writes from a plain thread land in order, each heard once")
    func writesFromAThreadLandInOrder() async throws {
        try await withLamp { manager, heard in
            _ = try await manager.call("lamp.count_from_thread", ["to": 500])
            try await manager.trigger("done", ["marker": 1])
            let changes = try await heard.waitFor(count: 501).dropLast()
            #expect(changes.map { $0["new"] } == (1...500).map { Value.int($0) })
            #expect(changes.map { $0["old"] } == (0..<500).map { Value.int($0) })
            #expect(try manager.states(matching: "lamp.level").first?.state == 500)
        }
    }

    @Test("entities of a failed module read unavailable, are heard so, and come back with its new instance")
    func entitiesOfAFailedModuleAreUnavailableAndComeBack() async throws {
        let controls = Lamp.Controls()
        try await withLamp(controls) { manager, heard in
            try await write(manager, "power", "on")
            _ = try await manager.call("lamp.fail")
            // The new instance's start waits for the test: until then the lamp is not running.
            #expect(
                try await withTimeout(.seconds(10), "for the restart") {
                    await manager.wait(for: .starting, of: "lamp")
                })
            let meanwhile = try manager.states(matching: "lamp.*")
            #expect(meanwhile.count == Lamp.entities.count)
            #expect(meanwhile.allSatisfy { $0.state == "unavailable" })
            controls.restartMayFinish.set(())
            #expect(
                try await withTimeout(.seconds(10), "for the lamp") { await manager.wait(for: .active, of: "lamp") })
            // One change to on, six to unavailable, six back.
            let changes = try await heard.waitFor(count: 1 + 2 * Lamp.entities.count)
            let power = changes.filter { $0["entity"] == "lamp.power" }
            #expect(
                power == [
                    ["entity": "lamp.power", "old": "off", "new": "on", "attributes": [:]],
                    ["entity": "lamp.power", "old": "on", "new": "unavailable", "attributes": [:]],
                    ["entity": "lamp.power", "old": "unavailable", "new": "off", "attributes": [:]],
                ])
            let back = try manager.states(matching: "lamp.*")
            #expect(back.first { $0.id == "lamp.power" }?.state == "off", "the new instance's own initial state")
            #expect(back.first { $0.id == "lamp.mode" }?.state == "unknown", "never written")
        }
    }

    @Test("set reaches the owning module with the state checked against the kind; the others are refused, typed")
    func commandsAreCheckedAndRouted() async throws {
        let controls = Lamp.Controls()
        try await withLamp(controls) { manager, _ in
            #expect(try await manager.setEntity("lamp.power", to: "on") == ["done": "power"])
            #expect(try manager.states(matching: "lamp.power").first?.state == "on")
            _ = try await manager.setEntity("lamp.power", to: false)
            _ = try await manager.setEntity("lamp.target", to: 21.5)
            _ = try await manager.setEntity("lamp.mode", to: "boost")
            _ = try await manager.setEntity("lamp.effect", to: "fast")
            _ = try await manager.setEntity("lamp.chime", to: "press")
            #expect(
                try await controls.commands.waitFor(count: 6) == [
                    ["entity": "power", "state": "on"], ["entity": "power", "state": "off"],
                    ["entity": "target", "state": 21.5], ["entity": "mode", "state": "boost"],
                    ["entity": "effect", "state": "fast"], ["entity": "chime", "state": "press"],
                ])

            func refusal(_ id: String, _ state: Value) async -> CallError? {
                do {
                    _ = try await manager.setEntity(id, to: state)
                    return nil
                } catch {
                    return error
                }
            }
            let readOnly = await refusal("lamp.level", 5)
            #expect(readOnly?.code == .readOnlyEntity)
            #expect(readOnly?.message == "lamp.level is a sensor, which cannot be set")
            let unknown = await refusal("lamp.powr", "on")
            #expect(unknown?.code == .unknownEntity)
            #expect(unknown?.message == "no entity 'lamp.powr'; did you mean 'lamp.power'?")
            let cases: [(String, Value, String)] = [
                ("lamp.power", "dim", "lamp.power is a switch: its state is on, off or toggle; got 'dim'"),
                (
                    "lamp.effect", "slow",
                    "lamp.effect is a light: its state is on, off or toggle, or an effect: fast; got 'slow'"
                ),
                ("lamp.target", 31, "lamp.target is a number: its state is at most 30; got 31"),
                ("lamp.target", "warm", "lamp.target is a number: its state is a number; got 'warm'"),
                ("lamp.mode", "turbo", "lamp.mode is a select: its options are eco, boost; got 'turbo'"),
                ("lamp.chime", "on", "lamp.chime is a button: its state is press; got 'on'"),
            ]
            for (id, state, message) in cases {
                let error = await refusal(id, state)
                #expect(error?.code == .invalidState, "\(id) \(state)")
                #expect(error?.message == message)
            }
            // None of the refused commands reached the module.
            #expect(controls.commands.items.count == 6)
        }
    }

    @Test("states lists every entity in config order with every field; a glob selects; a hostile pattern is refused")
    func statesListsEveryField() async throws {
        let other = Lamp.Controls()
        try await withLamp(extra: [Lamp.spec("porch", controls: other)]) { manager, _ in
            let all = try manager.states()
            #expect(
                all.map(\.id) == ["lamp", "porch"].flatMap { module in Lamp.entities.map { "\(module).\($0.key)" } })
            #expect(try manager.states(matching: "porch.*").map(\.module) == Array(repeating: "porch", count: 6))
            let level = try #require(all.first { $0.id == "lamp.level" })
            #expect(level.value["unit"] == "%")
            #expect(level.value["state_class"] == "measurement")
            #expect(level.value["state"] == 0)
            #expect(level.value["last_changed"]?.intValue != nil)
            let target = try #require(all.first { $0.id == "lamp.target" })
            #expect(target.value["min"] == 5.0 && target.value["max"] == 30.0 && target.value["step"] == 0.5)
            #expect(target.value["state"] == "unknown")
            #expect(target.value["last_changed"] == .null)
            #expect(all.first { $0.id == "lamp.mode" }?.value["options"] == ["eco", "boost"])
            #expect(all.first { $0.id == "lamp.effect" }?.value["effects"] == ["fast"])
            #expect(manager.statistics.modules.map(\.entities) == [6, 6, 0])
            #expect(throws: CallError.self) { try manager.states(matching: String(repeating: "*", count: 300)) }
        }
    }

    @Test("a key that is no entity key, or is declared twice, is refused")
    func declarationsAreChecked() {
        let store = EntityStore()
        #expect(throws: CallError.self) { try store.declare(module: "m", [Entity("Front Door", kind: .switch)]) }
        #expect(throws: CallError.self) {
            try store.declare(module: "m", [Entity("a", kind: .switch), Entity("a", kind: .sensor)])
        }
        #expect(Entity.key(for: "Front Door") == "front_door")
        #expect(Entity.key(for: "Küche") == "k__che")
    }
}
