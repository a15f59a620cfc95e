import InMemoryLogging
import Logging
import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledController

/// A relay with one switch entity, whose commands the tests see, and a method that fails.
private actor Relay: Module {
    let context: ModuleContext
    let commands: Recorder<Value>

    init(context: ModuleContext) throws { throw CallError(.invalidArguments, "use Relay.spec") }

    init(context: ModuleContext, commands: Recorder<Value>) {
        self.context = context
        self.commands = commands
    }

    static func spec(_ commands: Recorder<Value>) -> ModuleSpec {
        ModuleSpec(Relay.self, name: "relay") { Relay(context: $0, commands: commands) }
    }

    func start() async throws {
        try context.declare([Entity("light", kind: .switch), Entity("motion", kind: .binarySensor)])
        try await context.setState("light", "off")
        try await context.setState("motion", "off")
    }

    static let interface = ModuleInterface<Relay> {
        Method("fail") { _ -> Value in throw CallError(.handlerFailed, "the relay is stuck") }
        Method("motion") { (relay, arguments: Motion) in
            try await relay.context.setState(
                "motion", .string(arguments.state), attributes: arguments.attributes ?? [:])
            return Value.null
        }
    }

    struct Motion: Decodable {
        let state: String
        let attributes: Value.Object?
    }

    func setEntity(_ key: String, to state: Value, attributes: Value.Object) async throws -> Value {
        commands.append(["entity": .string(key), "state": state])
        try await context.setState(key, state == "toggle" ? "on" : state)
        return state
    }
}

/// The `controller_run` announcements, awaited by rule.
private final class Runs: Sendable {
    let recorder = Recorder<Value>()

    func wait(for rule: String, count: Int) async throws -> [Value] {
        try await withTimeout(.seconds(10), "for \(count) runs of \(rule)") { [recorder] in
            var seen = 0
            while true {
                seen += 1
                let all = try await recorder.waitFor(count: seen)
                let mine = all.filter { $0["rule"] == .string(rule) }
                if mine.count >= count { return mine }
            }
        }
    }
}

@Suite("controller: rules run on events and states, in their modes, with traces")
struct ControllerModuleTests {
    private let runs = Runs()

    /// The controller with `rules`, the relay, and a recorder of `announce` events.
    func withRules(
        _ rules: Value, logger: Logger = quietLogger, stateDirectory: String? = nil,
        _ body: (ModuleManager, Recorder<Value>, Recorder<Value>) async throws -> Void
    ) async throws {
        let commands = Recorder<Value>()
        let announced = Recorder<Value>()
        var configuration = ModuleManager.Configuration()
        configuration.restartDelay = .milliseconds(20)
        configuration.stateDirectory = stateDirectory
        try await ModuleManager.withRunning(
            [
                Relay.spec(commands),
                ModuleSpec(
                    ControllerModule.self, name: "automations", typeName: "controller", config: ["rules": rules]),
                recordingSpec(name: "listener", events: ["announce"], into: announced),
                recordingSpec(name: "runs", events: ["controller_run"], into: runs.recorder),
            ], configuration: configuration, logger: logger
        ) { manager in
            try await body(manager, commands, announced)
        }
    }

    /// The rule's traces, once `count` of its runs have been announced (`controller_run`).
    func trace(_ manager: ModuleManager, _ rule: String, count: Int) async throws -> [Value] {
        _ = try await runs.wait(for: rule, count: count)
        return try await manager.call("automations.trace", ["rule": .string(rule)]).arrayValue ?? []
    }

    @Test("an event that matches runs the steps in order: set, trigger with a template")
    func eventRunsSteps() async throws {
        let rules: Value = [
            "doorbell": [
                "when": [["event": "gpio_click", "match": ["input": "doorbell"]]],
                "do": [
                    ["set": "relay.light", "state": "on"],
                    [
                        "trigger": "announce",
                        "payload": ["text": "{{event.payload.input}} pressed", "n": "{{event.payload.n}}"],
                    ],
                ],
            ]
        ]
        try await withRules(rules) { manager, commands, announced in
            try await manager.trigger("gpio_click", ["input": "porch", "n": 1])
            try await manager.trigger("gpio_click", ["input": "doorbell", "n": 2])
            #expect(try await commands.waitFor(count: 1) == [["entity": "light", "state": "on"]])
            #expect(try await announced.waitFor(count: 1) == [["text": "doorbell pressed", "n": 2]])
            let traces = try await trace(manager, "doorbell", count: 1)
            #expect(traces.count == 1, "the other input matched no trigger")
            #expect(traces.last?["outcome"] == "done")
        }
    }

    @Test("an entity a rule names that no module declared by activation is logged once, naming rule and entity")
    func undeclaredEntities() async throws {
        let rules: Value = [
            "lamp": [
                "when": [["state": "relay.lamp", "to": "on"]], "if": [["state": "relay.light", "is": "off"]],
                "do": [["set": "relay.lamp", "state": "on"], ["set": "relay.light", "state": "on"]],
            ]
        ]
        let handler = InMemoryLogHandler()
        var logger = Logger(label: "test") { _ in handler }
        logger.logLevel = .info
        try await withRules(rules, logger: logger) { _, _, _ in
            let undeclared = handler.entries.filter { $0.message.description.hasPrefix("a rule names an entity") }
            #expect(undeclared.count == 1)
            #expect(undeclared.first?.level == .error)
            #expect(undeclared.first?.metadata["rule"] == "lamp")
            #expect(undeclared.first?.metadata["entity"] == "relay.lamp")
        }
    }

    @Test("a disabled rule stays disabled when the daemon starts again: its switch is restored")
    func disabledRuleIsRestored() async throws {
        let directory = "/tmp/lc-controller-restore-\(MonotonicClock.now())"
        defer { removeDirectory(directory) }
        let rules: Value = [
            "lights": ["when": [["event": "go"]], "do": [["trigger": "announce"]]],
            "fans": ["when": [["event": "go"]], "do": [["delay": "1ms"]]],
        ]
        try await withRules(rules, stateDirectory: directory) { manager, _, _ in
            _ = try await manager.call("automations.disable", ["rule": "lights"])
            #expect(try manager.states(matching: "automations.lights").first?.state == "off")
        }
        try await withRules(rules, stateDirectory: directory) { manager, _, announced in
            #expect(try manager.states(matching: "automations.lights").first?.state == "off")
            #expect(try manager.states(matching: "automations.fans").first?.state == "on")
            try await manager.trigger("go")
            _ = try await runs.wait(for: "fans", count: 1)
            let listed = try await manager.call("automations.list").arrayValue ?? []
            #expect(listed.first { $0["rule"] == "lights" }?["enabled"] == false)
            #expect(announced.items.isEmpty, "a disabled rule does not run")
        }
    }

    @Test("a condition that does not hold runs nothing, and the trace names it")
    func falseCondition() async throws {
        let rules: Value = [
            "lights": [
                "when": [["event": "go"]], "if": [["state": "relay.light", "is": "on"]],
                "do": [["trigger": "announce"]],
            ]
        ]
        try await withRules(rules) { manager, _, announced in
            try await manager.trigger("go")
            let traces = try await trace(manager, "lights", count: 1)
            #expect(traces.first?["outcome"] == #"condition 0 did not hold: state relay.light is "on""#)
            #expect(
                traces.first?["conditions"] == [
                    ["condition": 0, "test": #"state relay.light is "on""#, "holds": false]
                ])
            #expect(announced.items.isEmpty)
        }
    }

    @Test("single ignores a trigger while a run is under way and counts it; queued runs them in order")
    func modes() async throws {
        let rules: Value = [
            // Runs until the test sends `release`: the second `a` certainly comes while it runs.
            "once": [
                "when": [["event": "a"]],
                "do": [
                    ["wait": ["event": "release", "timeout": "30s"]],
                    ["trigger": "announce", "payload": ["rule": "once"]],
                ],
            ],
            "line": [
                "when": [["event": "b"]], "mode": "queued",
                "do": [["delay": "50ms"], ["trigger": "announce", "payload": ["n": "{{event.payload.n}}"]]],
            ],
        ]
        try await withRules(rules) { manager, _, announced in
            try await manager.trigger("a")
            try await manager.trigger("a")
            _ = try await trace(manager, "once", count: 1)
            try await manager.trigger("release")
            for n in 1...3 { try await manager.trigger("b", ["n": .int(n)]) }
            let heard = try await announced.waitFor(count: 4)
            #expect(heard.filter { $0["rule"] == "once" }.count == 1)
            #expect(heard.compactMap { $0["n"] } == [1, 2, 3])
            let traces = try await trace(manager, "once", count: 2)
            #expect(traces.map { $0["outcome"] } == ["ignored: a run is under way (single)", "done"])
            #expect(try await manager.call("automations.list").arrayValue?.first?["skipped"] == 1)
        }
    }

    @Test("a queued run keeps the conditions checked when it was triggered; run obeys the mode")
    func queuedTraceAndRunMode() async throws {
        let rules: Value = [
            "line": [
                "when": [["event": "b"]], "if": [["state": "relay.light", "is": "off"]], "mode": "queued",
                "do": [["wait": ["event": "release", "timeout": "30s"]]],
            ],
            "once": ["when": [["event": "never"]], "do": [["wait": ["event": "release", "timeout": "30s"]]]],
        ]
        try await withRules(rules) { manager, _, _ in
            try await manager.trigger("b")
            try await manager.trigger("b")
            _ = try await manager.call("automations.run", ["rule": "once"])
            _ = try await manager.call("automations.run", ["rule": "once"])
            // The second `run` of `once` comes while the first waits: single ignores it.
            let ignored = try await trace(manager, "once", count: 1)
            #expect(ignored.map { $0["outcome"] } == ["ignored: a run is under way (single)"])
            try await manager.trigger("release")
            _ = try await trace(manager, "line", count: 1)
            try await manager.trigger("release")
            let traces = try await trace(manager, "line", count: 2)
            #expect(traces.map { $0["outcome"] } == ["done", "done"])
            let test: Value = ["condition": 0, "test": #"state relay.light is "off""#, "holds": true]
            #expect(traces.map { $0["conditions"] } == [[test], [test]], "the queued run's conditions are kept")
        }
    }

    @Test("a repeat whose condition never changes ends its run after 10000 rounds, keeping 200 steps")
    func endlessRepeat() async throws {
        let rules: Value = [
            "spin": [
                "when": [["event": "go"]],
                "do": [
                    ["repeat": ["while": [["state": "relay.light", "is": "off"]], "do": [["if": [], "then": []]]]]
                ],
            ]
        ]
        try await withRules(rules) { manager, _, _ in
            try await manager.trigger("go")
            let trace = try #require(try await trace(manager, "spin", count: 1).first)
            #expect(trace["outcome"] == "failed")
            #expect(
                trace["error"]
                    == "do[0]: the condition still held after 10000 rounds; the repeat stops")
            #expect(trace["steps"]?.arrayValue?.count == 200)
            #expect(trace["steps_omitted"] == .int(10_000 - 200 + 1))
        }
    }

    @Test("a change of attributes alone triggers a state rule without from/to, and none with to")
    func attributesAlone() async throws {
        let rules: Value = [
            "to_on": ["when": [["state": "relay.motion", "to": "on"]], "mode": "queued", "do": [["delay": "1ms"]]],
            "any": ["when": [["state": "relay.motion"]], "mode": "queued", "do": [["delay": "1ms"]]],
        ]
        try await withRules(rules) { manager, _, _ in
            _ = try await manager.call("relay.motion", ["state": "on"])
            _ = try await manager.call("relay.motion", ["state": "on", "attributes": ["level": 2]])
            // Both changes reached the rules once `any` ran twice: each change fires its rules
            // as it is handled, before the next is.
            _ = try await trace(manager, "any", count: 2)
            _ = try await trace(manager, "to_on", count: 1)
            let listed = try await manager.call("automations.list").arrayValue ?? []
            let toOn = listed.first { $0["rule"] == "to_on" }
            #expect(toOn?["running"] == 0 && toOn?["queued"] == 0)
            #expect(try await manager.call("automations.trace", ["rule": "to_on"]).arrayValue?.count == 1)
        }
    }

    @Test("restart: a new motion restarts the off-delay, so the light goes off once, after the last motion")
    func restart() async throws {
        let rules: Value = [
            "motion_light": [
                "when": [["state": "relay.motion", "to": "on"]], "mode": "restart",
                // The off-delay ends when the test sends `clear`, so no timing decides the test.
                "do": [
                    ["set": "relay.light", "state": "on"], ["wait": ["event": "clear", "timeout": "30s"]],
                    ["set": "relay.light", "state": "off"],
                ],
            ]
        ]
        try await withRules(rules) { manager, commands, _ in
            _ = try await manager.call("relay.motion", ["state": "on"])
            _ = try await commands.waitFor(count: 1)
            _ = try await manager.call("relay.motion", ["state": "off"])
            _ = try await manager.call("relay.motion", ["state": "on"])
            _ = try await commands.waitFor(count: 2)
            try await manager.trigger("clear")
            let all = try await commands.waitFor(count: 3)
            #expect(all.map { $0["state"] } == ["on", "on", "off"], "the first run's off never came")
            let traces = try await trace(manager, "motion_light", count: 2)
            #expect(traces.map { $0["outcome"] } == ["cancelled", "done"])
        }
    }

    @Test("a failing call ends that run with the error in the trace; the rule fires again next time")
    func failingCall() async throws {
        let rules: Value = [
            "stuck": ["when": [["event": "go"]], "do": [["call": "relay.fail"], ["trigger": "announce"]]]
        ]
        try await withRules(rules) { manager, _, announced in
            try await manager.trigger("go")
            _ = try await trace(manager, "stuck", count: 1)
            try await manager.trigger("go")
            let traces = try await trace(manager, "stuck", count: 2)
            #expect(traces.allSatisfy { $0["outcome"] == "failed" }, "\(traces)")
            #expect(traces.first?["error"]?.stringValue?.contains("do[0]: handler_failed") == true)
            #expect(announced.items.isEmpty)
        }
    }

    @Test("two rules that trigger each other stop at the depth limit, with an error in the trace")
    func loopStops() async throws {
        let rules: Value = [
            "ping": ["when": [["event": "ping"]], "mode": "parallel", "max": 100, "do": [["trigger": "pong"]]],
            "pong": ["when": [["event": "pong"]], "mode": "parallel", "max": 100, "do": [["trigger": "ping"]]],
        ]
        try await withRules(rules) { manager, _, _ in
            try await manager.trigger("ping")
            _ = try await withTimeout(.seconds(10), "for the loop to stop") { [recorder = runs.recorder] in
                var seen = 0
                while true {
                    seen += 1
                    if try await recorder.waitFor(count: seen).last?["outcome"] == "stopped" { return }
                }
            }
            var traces: [Value] = []
            for rule in ["ping", "pong"] {
                traces += try await manager.call("automations.trace", ["rule": .string(rule)]).arrayValue ?? []
            }
            let stopped = try #require(traces.first { $0["outcome"] == "stopped" })
            #expect(stopped["error"] == "rules triggered each other 32 deep")
        }
    }

    @Test("one event that starts forty rules is no loop: every one of them runs")
    func fanOutIsNoLoop() async throws {
        var rules = Value.Object()
        for n in 1...40 {
            rules["r\(n)"] = ["when": [["event": "go"]], "do": [["trigger": "announce", "payload": ["n": .int(n)]]]]
        }
        try await withRules(.object(rules)) { manager, _, announced in
            try await manager.trigger("go")
            let heard = try await announced.waitFor(count: 40)
            #expect(Set(heard.compactMap { $0["n"]?.intValue }) == Set(1...40))
        }
    }

    @Test("each rule is a switch entity: off disables it, and a disabled rule does not run")
    func ruleEntities() async throws {
        let rules: Value = ["r": ["when": [["event": "go"]], "do": [["trigger": "announce"]]]]
        try await withRules(rules) { manager, _, announced in
            #expect(try manager.states(matching: "automations.*").map(\.state) == ["on"])
            _ = try await manager.setEntity("automations.r", to: "off")
            try await manager.trigger("go")
            // Queued behind the event, so the event is handled while the rule is disabled.
            _ = try await manager.enqueue("automations.enable", ["rule": "r"]).value
            try await manager.trigger("go")
            #expect(try await announced.waitFor(count: 1).count == 1)
            #expect(try await trace(manager, "r", count: 1).count == 1, "the disabled rule left no trace")
        }
    }
}
