import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledTimer

@Suite("TimerModule")
struct TimerModuleTests {
    init() { centralEuropeanTime }

    private func config(_ yaml: String) throws -> Value {
        try TimerModule.schema.validate(yaml: yaml, file: "timer.yaml")
    }

    @Test("the schema fills in event, payload, priority and autostart; `at` takes one time or a list")
    func schemaDefaults() throws {
        let value = try config(
            "timers:\n  tick: {every: 2s}\n  alarm: {at: \"07:00\", event: wake, payload: {room: 1}}\n")
        let definitions = try TimerDefinition.all(from: value)
        #expect(definitions.map(\.name) == ["alarm", "tick"])
        #expect(definitions[0].event == "wake")
        #expect(definitions[0].times == [clock(7, 0)])
        #expect(definitions[0].payload == ["room": 1])
        #expect(definitions[1].event == "tick")
        #expect(definitions[1].every == .seconds(2))
        #expect(definitions[1].payload == [:])
        #expect(definitions[1].priority == .normal)
        #expect(definitions[1].autostart)
        let listed = try TimerDefinition.all(from: config("timers:\n  t: {at: [\"07:00\", \"19:30:15\"]}\n"))
        #expect(listed.first?.times == [clock(7, 0), clock(19, 30) + 15])
    }

    @Test("TimerModule.config(yaml:) validates as the daemon does: the schema, defaults, then the type's own checks")
    func configuredModule() throws {
        let config = try TimerModule.config(yaml: "timers: {tick: {every: 1s}}")
        #expect(config["timers"]?["tick"]?["priority"] == "normal" && config["timers"]?["tick"]?["autostart"] == true)
        let errors = #expect(throws: ConfigErrors.self) {
            try TimerModule.config(yaml: "timers: {idle: {payload: {}}}")
        }
        #expect(errors?.description.contains("timers.idle") == true)
        #expect(errors?.description.contains("'every', 'at' or both") == true)
    }

    @Test("the schema rejects bad keys and values with their paths")
    func schemaErrors() {
        #expect(throws: ConfigErrors.self) { try config("timers:\n  t: {every: 2s, at: \"25:00\"}\n") }
        #expect(throws: ConfigErrors.self) { try config("timers:\n  t: {every: soon}\n") }
        #expect(throws: ConfigErrors.self) { try config("timers:\n  t: {every: 2s, color: red}\n") }
        #expect(throws: ConfigErrors.self) { try config("{}\n") }
    }

    @Test("a timer needs every or at, and an interval of at least 1ms")
    func problems() throws {
        let found = TimerModule.problems(
            in: try config("timers:\n  a: {every: 0}\n  b: {payload: 1}\n  c: {every: 1ms}\n"))
        #expect(found.map(\.path.description) == ["timers.a.every", "timers.b"])
        #expect(
            found.map(\.message) == [
                "expected a duration of at least 1ms, got 0.0 seconds",
                "a timer needs 'every', 'at' or both",
            ])
    }

    @Test("a running timer module triggers its events; list, stop and start control it")
    func runs() async throws {
        let timerConfig = try config(
            """
            timers:
              fast: {every: 20ms, event: tick, payload: {n: 1}, priority: high}
              idle: {every: 1h, autostart: false}
              alarm: {at: "07:00"}
            """)
        let log = EventLog()
        try await ModuleManager.withRunning([
            ModuleSpec(TimerModule.self, name: "clock", typeName: "timer", config: timerConfig),
            ModuleSpec(SinkModule.self, name: "sink") { _ in SinkModule(log: log) },
        ]) { manager in
            let events = try await withTimeout(.seconds(10), "for two ticks") { await log.first(2) }
            #expect(events.map(\.name) == ["tick", "tick"])
            #expect(events.map(\.payload) == [["n": 1], ["n": 1]])
            #expect(events.map(\.metadata.source) == ["clock", "clock"])
            #expect(events.map(\.metadata.priority) == [.high, .high])

            let listed = try await manager.call("clock.list")
            #expect(listed.arrayValue?.compactMap { $0["name"]?.stringValue } == ["alarm", "fast", "idle"])
            #expect(listed[0]?["at"] == ["07:00"])
            #expect(listed[0]?["running"] == true)
            #expect(listed[0]?["next"]?.stringValue?.hasSuffix(":00") == true)
            #expect(listed[1]?["every"] == 0.02)
            #expect(listed[2]?["running"] == false)
            #expect(listed[2]?["next"] == .null)

            let stopped = try await manager.call("clock.stop", ["timer": "fast"])
            #expect(stopped["running"] == false)
            let started = try await manager.call("clock.start", ["timer": "idle"])
            #expect(started["running"] == true)
            #expect(started["event"] == "idle")

            await #expect(throws: CallError.self) { try await manager.call("clock.start", ["timer": "nope"]) }
            do {
                _ = try await manager.call("clock.stop", [:])
                Issue.record("stop without a timer succeeded")
            } catch let error as CallError {
                #expect(error.code == .invalidArguments)
            }
        }
    }

    @Test("two timers whose names differ only in Unicode normalisation are two timers, not a duplicate key")
    func namesAreCodePoints() async throws {
        // "\u{E9}" (é, one code point) and "e\u{301}" (e and a combining acute): Swift's == finds
        // them equal, YAML and JSON do not.
        let timerConfig = try config("timers:\n  \"\u{E9}\": {every: 1h}\n  \"e\u{301}\": {every: 2h}\n")
        let definitions = try TimerDefinition.all(from: timerConfig)
        #expect(definitions.count == 2)
        try await ModuleManager.withRunning([
            ModuleSpec(TimerModule.self, name: "clock", typeName: "timer", config: timerConfig)
        ]) { manager in
            let listed = try #require(try await manager.call("clock.list").arrayValue)
            #expect(listed.count == 2)
            let everies = listed.compactMap { $0["every"]?.doubleValue }.sorted()
            #expect(everies == [3600, 7200])
            let stopped = try await manager.call("clock.stop", ["timer": "e\u{301}"])
            #expect(stopped["every"]?.doubleValue == 7200)
            #expect(stopped["running"] == false)
            let other = try #require(
                try await manager.call("clock.list").arrayValue?.first { $0["every"]?.doubleValue == 3600 })
            #expect(other["running"] == true)
        }
    }

    @Test("a timer's event must be a valid event name: the check names the key")
    func eventNamesAreChecked() throws {
        let problems = TimerModule.problems(
            in: try config("timers:\n  t: {every: 1s, event: \"two words\"}\n  \"a b\": {every: 1s}\n"))
        #expect(problems.map(\.path.description) == ["timers.a b", "timers.t.event"])
        #expect(problems.allSatisfy { $0.message.contains("spaces or control characters") })
    }
}
