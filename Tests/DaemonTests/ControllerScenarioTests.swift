import LooselyCoupled
import LooselyCoupledTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A `controller` module's rules in the real daemon, on a simulated gpio panel: driven with
/// `looselycoupled call`, `set` and `trigger`, and watched with `looselycoupled events`, as a
/// user on a laptop would. Each run's end is its `controller_run` event, awaited (never slept
/// for); times are asserted as "never early", not as how late, so a loaded machine passes.
@Suite("controller scenarios in the daemon")
struct ControllerScenarioTests {
    /// The panel, logging as JSON (for the log's records), and a controller `automations` with
    /// `rules` (YAML at column 0, one mapping of rules by name).
    ///
    /// The doorbell is a button (low while pressed), the motion sensor a line high while it sees
    /// motion; `gate` is an output the single and queued rules wait for, so no timing decides
    /// whether a second trigger comes while a run is under way.
    static func config(rules: String) -> String {
        let panel = """
            logging:
              format: json
            modules:
              panel:
                type: gpio
                backend: simulated
                inputs:
                  doorbell: {line: 17, bias: pull-up, active_low: true}
                  motion: {line: 22, bias: pull-down}
                outputs:
                  relay: {line: 27}
                  light: {line: 23}
                  gate: {line: 24}
              automations:
                type: controller
                rules:

            """
        let indented = rules.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }
        return panel + indented.joined(separator: "\n") + "\n"
    }

    // MARK: 1. A click toggles a relay

    @Test("a doorbell click toggles the relay: two clicks switch it on, then off, one line write each")
    func clickTogglesRelay() async throws {
        let daemon = try await TestDaemon(
            config: Self.config(
                rules: """
                    doorbell_relay:
                      when: {event: gpio_click, match: {module: panel, input: doorbell}}
                      do: {set: panel.relay, state: toggle}
                    """))
        let watcher = try await EventWatcher(daemon)
        let initialWrites = try await daemon.writes(of: "relay")

        for click in 1...2 {
            _ = try await daemon.call("panel.simulate_press", #"{"input": "doorbell", "duration": "50ms"}"#)
            let events = try await watcher.events("for run \(click) of doorbell_relay") {
                $0.runs(of: "doorbell_relay").count >= click
            }
            #expect(events.runs(of: "doorbell_relay").allSatisfy { $0["payload"]?["outcome"] == "done" })
            #expect(try await daemon.writes(of: "relay") == initialWrites + click, "one write per click")
        }
        let events = try await watcher.events("for everything so far") { _ in true }
        let relay = events.changes(of: "panel.relay")
        #expect(relay.map { $0["payload"]?["old"] } == ["off", "on"])
        #expect(relay.map { $0["payload"]?["new"] } == ["on", "off"])
        #expect(events.outputs("relay").map { $0["payload"]?["value"] } == [true, false])
        // Each click, then the relay's new state, its line, and the run's end, in that order.
        let sequence = events.compactMap { event -> String? in
            switch event["event"]?.stringValue {
            case "gpio_click": "click"
            case "state_changed" where event["payload"]?["entity"] == "panel.relay": "state"
            case "gpio_output" where event["payload"]?["output"] == "relay": "line"
            case "controller_run": "run"
            default: nil
            }
        }
        #expect(sequence == ["click", "state", "line", "run", "click", "state", "line", "run"])
        let state = try await daemon.call("panel.get", #"{"output": "relay"}"#)
        #expect(state["state"] == "off")
        #expect(try await daemon.terminate() == 0)
    }

    // MARK: 2. Motion: `for` and `restart`

    @Test(
        "motion held 2 s turns the light on; a new motion restarts the 6 s off-delay, so it never goes off early"
    )
    func motionLight() async throws {
        let daemon = try await TestDaemon(
            config: Self.config(
                rules: """
                    motion_on:
                      when: {state: panel.motion, to: "on", for: 2s}
                      do: {set: panel.light, state: "on"}
                    motion_off:
                      when: {state: panel.motion, to: "on"}
                      mode: restart
                      do:
                        - delay: 6s
                        - {set: panel.light, state: "off"}
                    """))
        let watcher = try await EventWatcher(daemon)

        try await daemon.simulate("motion", true)
        var events = try await watcher.events("for the light to go on") { $0.changes(of: "panel.light").count >= 1 }
        let firstMotion = try #require(events.changes(of: "panel.motion").first)
        #expect(firstMotion["payload"]?["new"] == "on")
        let lightOn = try #require(events.changes(of: "panel.light").first)
        #expect(lightOn["payload"]?["new"] == "on")
        #expect(try milliseconds(lightOn) - milliseconds(firstMotion) >= 2000, "the motion lasted 2 s first")

        // A new motion: the sensor clears, then sees motion again, within the first off-delay.
        try await daemon.simulate("motion", false)
        _ = try await watcher.events("for the motion to clear") { $0.changes(of: "panel.motion").count >= 2 }
        try await daemon.simulate("motion", true)
        events = try await watcher.events("for the second motion") { $0.changes(of: "panel.motion").count >= 3 }
        let secondMotion = try #require(events.changes(of: "panel.motion").last)
        #expect(secondMotion["payload"]?["new"] == "on")

        events = try await watcher.events("for the light to go off and both motion_on runs") {
            $0.changes(of: "panel.light").count >= 2 && $0.runs(of: "motion_on").count >= 2
                && $0.runs(of: "motion_off").count >= 2
        }
        // The first off-delay was cancelled by the new motion; only the second one switched off.
        #expect(events.runs(of: "motion_off").map { $0["payload"]?["outcome"] } == ["cancelled", "done"])
        let light = events.changes(of: "panel.light")
        #expect(light.map { $0["payload"]?["new"] } == ["on", "off"], "the light went off once")
        let lightOff = try #require(light.last)
        #expect(
            try milliseconds(lightOff) - milliseconds(secondMotion) >= 6000,
            "off no sooner than 6 s after the last motion: \(lightOff) after \(secondMotion)")
        // The second motion cancelled the first run; the light went off in the second run, before
        // its end.
        let order = events.positions(of: [
            { $0 == secondMotion },
            { $0.isRun(of: "motion_off", outcome: "cancelled") },
            { $0 == lightOff },
            { $0.isRun(of: "motion_off", outcome: "done") },
        ])
        #expect(order.count == 4 && order == order.sorted(), "events out of order: \(order)")
        // The held motion turned the light on again 2 s after it came back (it was on already).
        let runs = events.runs(of: "motion_on")
        #expect(runs.map { $0["payload"]?["outcome"] } == ["done", "done"])
        if let second = runs.last {
            #expect(try milliseconds(second) - milliseconds(secondMotion) >= 2000)
        }
        #expect(events.outputs("light").map { $0["payload"]?["value"] } == [true, false])
        #expect(try await daemon.terminate() == 0)
    }

    // MARK: 3. A condition that does not hold

    @Test("a condition that does not hold runs nothing, and the trace names it; once it holds, the rule runs")
    func falseCondition() async throws {
        let daemon = try await TestDaemon(
            config: Self.config(
                rules: """
                    guarded:
                      when: {event: guarded_go}
                      if:
                        - {state: panel.light, is: "off"}
                        - {state: panel.relay, is: "on"}
                      do: {set: panel.light, state: "on"}
                    """))
        let watcher = try await EventWatcher(daemon)
        let initialWrites = try await daemon.writes(of: "light")

        try await daemon.trigger("guarded_go")
        var events = try await watcher.events("for the guarded run") { $0.runs(of: "guarded").count >= 1 }
        let outcome = #"condition 1 did not hold: state panel.relay is "on""#
        #expect(events.runs(of: "guarded").first?["payload"]?["outcome"] == .string(outcome))
        var traces = try #require(try await daemon.call("automations.trace", #"{"rule": "guarded"}"#).arrayValue)
        #expect(traces.count == 1)
        let skipped = try #require(traces.first)
        #expect(skipped["trigger"] == "event guarded_go")
        #expect(skipped["outcome"] == .string(outcome))
        #expect(
            skipped["conditions"] == [
                ["condition": 0, "test": #"state panel.light is "off""#, "holds": true],
                ["condition": 1, "test": #"state panel.relay is "on""#, "holds": false],
            ])
        #expect(skipped["steps"] == [])
        #expect(events.changes(of: "panel.light").isEmpty)
        #expect(events.outputs("light").isEmpty)
        #expect(try await daemon.writes(of: "light") == initialWrites, "no line was written")

        // The relay on, the second condition holds: the same trigger now runs the step.
        try await daemon.set("panel.relay", "on")
        _ = try await watcher.events("for the relay") { $0.changes(of: "panel.relay").count >= 1 }
        try await daemon.trigger("guarded_go")
        events = try await watcher.events("for the second guarded run") { $0.runs(of: "guarded").count >= 2 }
        #expect(events.runs(of: "guarded").last?["payload"]?["outcome"] == "done")
        #expect(events.changes(of: "panel.light").map { $0["payload"]?["new"] } == ["on"])
        #expect(try await daemon.writes(of: "light") == initialWrites + 1)
        traces = try #require(try await daemon.call("automations.trace", #"{"rule": "guarded"}"#).arrayValue)
        #expect(traces.last?["conditions"]?.arrayValue?.map { $0["holds"] } == [true, true])
        #expect(traces.last?["steps"]?.arrayValue?.map { $0["step"] } == ["do[0]"])
        #expect(try await daemon.terminate() == 0)
    }

    // MARK: 4. single

    @Test("single ignores a second trigger while its run is under way and counts it; a later one runs")
    func singleIgnores() async throws {
        let daemon = try await TestDaemon(
            config: Self.config(
                rules: """
                    once:
                      when: {event: ring}
                      do:
                        - trigger: ring_started
                        - repeat: {until: [{state: panel.gate, is: "on"}], do: [{delay: 50ms}]}
                        - trigger: ring_done
                    """))
        let watcher = try await EventWatcher(daemon)

        try await daemon.trigger("ring")
        _ = try await watcher.events("for the run to start") { $0.named("ring_started").count >= 1 }
        // The run waits for the gate: this trigger certainly comes while it is under way.
        try await daemon.trigger("ring")
        var events = try await watcher.events("for the second ring's outcome") { $0.runs(of: "once").count >= 1 }
        #expect(events.runs(of: "once").first?["payload"]?["outcome"] == "ignored: a run is under way (single)")
        let during = try #require(try await daemon.call("automations.list").arrayValue?.first)
        #expect(during["running"] == 1)
        #expect(during["skipped"] == 1)

        try await daemon.set("panel.gate", "on")
        events = try await watcher.events("for the run to end") { $0.runs(of: "once").count >= 2 }
        #expect(events.runs(of: "once").last?["payload"]?["outcome"] == "done")
        #expect(events.named("ring_started").count == 1, "the ignored trigger started no run")
        #expect(events.named("ring_done").count == 1)
        let traces = try #require(try await daemon.call("automations.trace", #"{"rule": "once"}"#).arrayValue)
        #expect(traces.map { $0["outcome"] } == ["ignored: a run is under way (single)", "done"])
        #expect(traces.last?["steps"]?.arrayValue?.first?["step"] == "do[0]")

        // Once the run has ended, the next trigger runs again.
        try await daemon.trigger("ring")
        events = try await watcher.events("for the third ring's run") { $0.runs(of: "once").count >= 3 }
        #expect(events.runs(of: "once").last?["payload"]?["outcome"] == "done")
        #expect(events.named("ring_started").count == 2)
        let after = try #require(try await daemon.call("automations.list").arrayValue?.first)
        #expect(after["running"] == 0)
        #expect(after["skipped"] == 1)
        #expect(try await daemon.terminate() == 0)
    }

    // MARK: 5. queued

    @Test("queued runs wait their turn and run in order, each carrying its own trigger's payload")
    func queuedInOrder() async throws {
        let daemon = try await TestDaemon(
            config: Self.config(
                rules: """
                    feeder:
                      when: {event: feed}
                      do:
                        - {trigger: job, payload: {n: 1}}
                        - {trigger: job, payload: {n: 2}}
                        - {trigger: job, payload: {n: 3}}
                    worker:
                      when: {event: job}
                      mode: queued
                      do:
                        - {trigger: job_started, payload: {n: "{{event.payload.n}}"}}
                        - repeat: {until: [{state: panel.gate, is: "on"}], do: [{delay: 50ms}]}
                        - delay: 200ms
                        - {trigger: job_done, payload: {n: "{{event.payload.n}}", by: "{{event.source}}"}}
                    """))
        let watcher = try await EventWatcher(daemon)

        try await daemon.trigger("feed")
        var events = try await watcher.events("for the feeder's run") { $0.runs(of: "feeder").count >= 1 }
        #expect(events.runs(of: "feeder").first?["payload"]?["outcome"] == "done")
        // The feeder's trigger steps fired the worker three times before its run ended: the first
        // waits for the gate, the other two wait behind it.
        let worker = try #require(
            try await daemon.call("automations.list").arrayValue?.first { $0["rule"] == "worker" })
        #expect(worker["running"] == 1)
        #expect(worker["queued"] == 2)
        #expect(events.named("job").map { $0["payload"] } == [["n": 1], ["n": 2], ["n": 3]])

        try await daemon.set("panel.gate", "on")
        events = try await watcher.events("for three worker runs") { $0.runs(of: "worker").count >= 3 }
        #expect(events.runs(of: "worker").map { $0["payload"]?["outcome"] } == ["done", "done", "done"])
        let steps = events.filter { $0["event"] == "job_started" || $0["event"] == "job_done" }
        #expect(
            steps.map { "\($0["event"]?.stringValue ?? "?") \($0["payload"]?["n"]?.intValue ?? 0)" } == [
                "job_started 1", "job_done 1", "job_started 2", "job_done 2", "job_started 3", "job_done 3",
            ], "one run at a time, in the order of their triggers")
        #expect(steps.filter { $0["event"] == "job_done" }.allSatisfy { $0["payload"]?["by"] == "automations" })
        // Never early: each run took its 200 ms delay, and began after the one before it ended.
        for (started, done) in zip(steps.named("job_started"), steps.named("job_done")) {
            #expect(try milliseconds(done) - milliseconds(started) >= 200, "\(started) → \(done)")
        }
        for (done, next) in zip(steps.named("job_done"), steps.named("job_started").dropFirst()) {
            #expect(try milliseconds(next) >= milliseconds(done), "\(done) → \(next)")
        }
        let traces = try #require(try await daemon.call("automations.trace", #"{"rule": "worker"}"#).arrayValue)
        #expect(traces.map { $0["outcome"] } == ["done", "done", "done"])
        #expect(traces.allSatisfy { $0["trigger"] == "event job" })
        #expect(try await daemon.terminate() == 0)
    }

    // MARK: 6. A failing call

    @Test("a failing call is logged with the rule, step and error, ends its run, and the rule fires again")
    func failingCall() async throws {
        let daemon = try await TestDaemon(
            config: Self.config(
                rules: """
                    flaky:
                      when: {event: flaky_go}
                      do:
                        - {call: panel.set, args: {output: "{{event.payload.output}}", state: "on"}}
                        - {trigger: flaky_done, payload: {output: "{{event.payload.output}}"}}
                    """))
        let watcher = try await EventWatcher(daemon)

        try await daemon.trigger("flaky_go", #"{"output": "nowhere"}"#)
        var events = try await watcher.events("for the failed run") { $0.runs(of: "flaky").count >= 1 }
        #expect(events.runs(of: "flaky").first?["payload"]?["outcome"] == "failed")
        let records = try await daemon.logRecords("for the failure's log record") { records in
            records.contains { $0["message"] == "a rule's step failed; the run ends" }
        }
        let record = try #require(records.first { $0["message"] == "a rule's step failed; the run ends" })
        #expect(record["level"] == "error")
        #expect(record["module"] == "automations")
        #expect(record["metadata"]?["rule"] == "flaky")
        #expect(record["metadata"]?["step"] == "do[0]")
        let error = try #require(record["metadata"]?["error"]?.stringValue)
        #expect(error.contains("invalid_arguments") && error.contains("no output 'nowhere'"), "\(error)")
        var traces = try #require(try await daemon.call("automations.trace", #"{"rule": "flaky"}"#).arrayValue)
        #expect(traces.first?["outcome"] == "failed")
        #expect(traces.first?["error"]?.stringValue?.hasPrefix("do[0]: invalid_arguments") == true, "\(traces)")
        // The step that failed is the last the trace has: no later step ran.
        let steps = try #require(traces.first?["steps"]?.arrayValue)
        #expect(steps.map { $0["step"] } == ["do[0]"], "\(steps)")
        #expect(steps.first?["action"] == "call panel.set")
        #expect(steps.first?["error"]?.stringValue?.contains("no output 'nowhere'") == true)

        // The next trigger runs the rule again, from its first step.
        try await daemon.trigger("flaky_go", #"{"output": "light"}"#)
        events = try await watcher.events("for the second run") { $0.runs(of: "flaky").count >= 2 }
        #expect(events.runs(of: "flaky").last?["payload"]?["outcome"] == "done")
        #expect(events.named("flaky_done").map { $0["payload"] } == [["output": "light"]])
        #expect(events.changes(of: "panel.light").map { $0["payload"]?["new"] } == ["on"])
        traces = try #require(try await daemon.call("automations.trace", #"{"rule": "flaky"}"#).arrayValue)
        #expect(traces.map { $0["outcome"] } == ["failed", "done"])
        let failures = daemon.process.stderr.items.count { $0.contains("a rule's step failed") }
        #expect(failures == 1, "the second run logged no failure")
        #expect(try await daemon.terminate() == 0)
    }

    // MARK: 7. A loop of rules

    @Test("two rules that trigger each other stop 32 deep with an error, not a storm; the daemon still answers")
    func loopStops() async throws {
        let daemon = try await TestDaemon(
            config: Self.config(
                rules: """
                    ping:
                      when: {event: ping}
                      mode: parallel
                      max: 100
                      do: {trigger: pong}
                    pong:
                      when: {event: pong}
                      mode: parallel
                      max: 100
                      do: {trigger: ping}
                    """))
        let watcher = try await EventWatcher(daemon)

        try await daemon.trigger("ping")
        // Depth 1 is the ping from outside; runs 1…32 each trigger one event; the 33rd is stopped.
        _ = try await watcher.events("for the chain to stop and its 32 runs to end") {
            $0.named("controller_run").count >= 33
                && $0.named("controller_run").contains { $0["payload"]?["outcome"] == "stopped" }
        }
        // Anything the loop still sent would come before this.
        try await daemon.trigger("after_the_loop")
        let events = try await watcher.events("for the event after the loop") { $0.named("after_the_loop").count >= 1 }
        #expect(events.named("ping").count == 17, "the ping from outside and 16 from pong")
        #expect(events.named("pong").count == 16)
        let runs = events.named("controller_run")
        #expect(runs.count == 33)
        #expect(runs.count { $0["payload"]?["outcome"] == "done" } == 32)
        let stopped = try #require(runs.first { $0["payload"]?["outcome"] == "stopped" })
        #expect(stopped["payload"]?["rule"] == "ping", "the 32nd run is pong's; the ping it sends is stopped")

        let traces = try #require(try await daemon.call("automations.trace", #"{"rule": "ping"}"#).arrayValue)
        // Parallel runs: ping's run 31 may end after the stop, so the stop need not be the last.
        #expect(traces.count { $0["outcome"] == "stopped" } == 1)
        let trace = try #require(traces.first { $0["outcome"] == "stopped" })
        #expect(trace["error"] == "rules triggered each other 32 deep")
        #expect(trace["steps"] == [])
        let records = try await daemon.logRecords("for the loop's log record") { records in
            records.contains { $0["message"] == "a chain of rules triggering each other was stopped" }
        }
        let record = try #require(
            records.first { $0["message"] == "a chain of rules triggering each other was stopped" })
        #expect(record["level"] == "error")
        #expect(record["metadata"]?["rule"] == "ping")
        #expect(record["metadata"]?["depth"] == "33")

        // Still responsive: it answers, nothing runs, and a new event starts a new chain.
        let list = try #require(try await daemon.call("automations.list").arrayValue)
        #expect(list.map { $0["running"] } == [0, 0])
        #expect(try await daemon.client(["status"]).code == 0)
        try await daemon.trigger("ping")
        let again = try await watcher.events("for a second chain to stop") {
            $0.named("controller_run").count { $0["payload"]?["outcome"] == "stopped" } >= 2
        }
        #expect(again.named("ping").count >= 18)
        #expect(try await daemon.terminate() == 0)
    }

    @Test("a rule that sets the entity it triggers on is a loop too: stopped 32 deep, not a relay storm")
    func stateLoopStops() async throws {
        // Queued: a single rule would ignore its own state_changed while its `set` is under way.
        let daemon = try await TestDaemon(
            config: Self.config(
                rules: """
                    flip:
                      when: {state: panel.relay}
                      mode: queued
                      do: {set: panel.relay, state: toggle}
                    """))
        let watcher = try await EventWatcher(daemon)
        let initialWrites = try await daemon.writes(of: "relay")

        try await daemon.set("panel.relay", "on")
        _ = try await watcher.events("for the loop to stop and its 32 runs to end") {
            $0.runs(of: "flip").count >= 33 && $0.runs(of: "flip").contains { $0["payload"]?["outcome"] == "stopped" }
        }
        try await daemon.trigger("after_the_loop")
        let events = try await watcher.events("for the event after the loop") { $0.named("after_the_loop").count >= 1 }
        // The command from outside, then runs 1…32 each toggle once; the 33rd is stopped.
        #expect(events.changes(of: "panel.relay").count == 33)
        #expect(try await daemon.writes(of: "relay") == initialWrites + 33)
        let runs = events.runs(of: "flip").map { $0["payload"]?["outcome"] }
        #expect(runs.count == 33)
        #expect(runs.count { $0 == "done" } == 32)
        let records = try await daemon.logRecords("for the loop's log record") { records in
            records.contains { $0["message"] == "a chain of rules triggering each other was stopped" }
        }
        #expect(
            records.first { $0["message"] == "a chain of rules triggering each other was stopped" }?["metadata"] == [
                "rule": "flip", "depth": "33",
            ])
        #expect(try await daemon.terminate() == 0)
    }

    @Test("one run that triggers an event forty times is no loop: the rule it starts runs forty times")
    func repeatedTriggerIsNoLoop() async throws {
        let daemon = try await TestDaemon(
            config: Self.config(
                rules: """
                    sender:
                      when: {event: go}
                      do:
                        repeat:
                          count: 40
                          do: [{trigger: tick, payload: {n: "{{event.payload.n}}"}}, {delay: 10ms}]
                    receiver:
                      when: {event: tick}
                      # Queued: on a busy machine a run may still be under way at the next tick.
                      mode: queued
                      max: 40
                      do: {trigger: tock}
                    """))
        let watcher = try await EventWatcher(daemon)

        try await daemon.trigger("go", #"{"n": 1}"#)
        let events = try await watcher.events("for the sender's run and forty receiver runs") {
            $0.runs(of: "sender").count >= 1 && $0.runs(of: "receiver").count >= 40
        }
        #expect(events.runs(of: "sender").map { $0["payload"]?["outcome"] } == ["done"])
        #expect(events.runs(of: "receiver").allSatisfy { $0["payload"]?["outcome"] == "done" })
        #expect(events.named("tick").count == 40)
        #expect(events.named("tock").count == 40)
        #expect(!daemon.process.stderr.items.contains { $0.contains("a chain of rules triggering each other") })
        #expect(try await daemon.terminate() == 0)
    }
}

// MARK: - Support

/// A running `looselycoupled events '*'` client: every event the daemon triggers, in order.
private struct EventWatcher {
    let process: Subprocess
    let daemon: TestDaemon

    init(_ daemon: TestDaemon) async throws {
        self.daemon = daemon
        process = try Subprocess(executablePath, ["events", "*", "--control-socket", daemon.socket])
        _ = try await process.line(in: \.stderr, containing: "watching events matching '*'")
    }

    /// Every event printed so far, once `condition` holds for them.
    func events(_ what: String, until condition: @escaping @Sendable ([Value]) -> Bool) async throws -> [Value] {
        let process = self.process
        let daemon = self.daemon
        let lines = try await awaitLines(
            process.stdout, what, release: { process.send(SIGKILL) },
            context: {
                "the watcher said: \(process.stderr.items.joined(separator: " | "))\n" + daemon.lastWords()
            }
        ) {
            condition(Self.parse($0))
        }
        return Self.parse(lines)
    }

    static func parse(_ lines: [String]) -> [Value] {
        lines.compactMap { try? Value(json: $0) }
    }
}

extension TestDaemon {
    /// `looselycoupled call TARGET ARGUMENTS`'s result; a failed call fails the test.
    fileprivate func call(_ target: String, _ arguments: String = "{}") async throws -> Value {
        let result = try await client(["call", target, arguments])
        try #require(result.code == 0, "\(target) \(arguments): \(result.stderr)")
        return try Value(json: result.stdout.joined())
    }

    /// `looselycoupled trigger EVENT PAYLOAD`.
    fileprivate func trigger(_ event: String, _ payload: String = "{}") async throws {
        let result = try await client(["trigger", event, payload])
        try #require(result.code == 0, "trigger \(event): \(result.stderr)")
    }

    /// `looselycoupled set ENTITY STATE`.
    fileprivate func set(_ entity: String, _ state: String) async throws {
        let result = try await client(["set", entity, state])
        try #require(result.code == 0, "set \(entity) \(state): \(result.stderr)")
    }

    /// Drives the simulated input's line high or low.
    fileprivate func simulate(_ input: String, _ level: Bool) async throws {
        _ = try await call("panel.simulate", #"{"input": "\#(input)", "value": \#(level)}"#)
    }

    /// How often the simulated chip saw the output's line written.
    fileprivate func writes(of output: String) async throws -> Int {
        let result = try await call("panel.simulated_writes", #"{"output": "\#(output)"}"#)
        return try #require(result["writes"]?.intValue)
    }

    /// The daemon's log records (it logs JSON), once `condition` holds for them.
    fileprivate func logRecords(_ what: String, until condition: @escaping @Sendable ([Value]) -> Bool)
        async throws -> [Value]
    {
        let process = self.process
        let lines = try await awaitLines(process.stderr, what, release: { process.send(SIGKILL) }) {
            condition(EventWatcher.parse($0))
        }
        return EventWatcher.parse(lines)
    }

    /// Whether the daemon still runs, and its last log lines, for a failure's message.
    fileprivate func lastWords() -> String {
        let status = kill(process.pid, 0) == 0 ? "the daemon runs" : "the daemon has exited"
        return "\(status); its last log lines:\n" + process.stderr.items.suffix(15).joined(separator: "\n")
    }
}

/// `collector`'s lines once `condition` holds for them. A collector's wait cannot be cancelled,
/// so at `timeout` `release` ends the process whose output it collects (its end releases the
/// wait) and this throws; so it does if the stream ends first. `context` adds to the message.
private func awaitLines(
    _ collector: Collector<String>, _ what: String, timeout: Duration = .seconds(60),
    release: @escaping @Sendable () -> Void, context: @Sendable () -> String = { "" },
    until condition: @escaping @Sendable ([String]) -> Bool
) async throws -> [String] {
    let lines = await withTaskGroup(of: [String]?.self) { group in
        group.addTask { await collector.wait(until: condition) }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        let first = await group.next() ?? nil
        if first == nil { release() }
        group.cancelAll()
        return first
    }
    guard let lines, condition(lines) else {
        let ended = lines == nil ? "waited \(timeout)" : "the stream ended"
        let last = collector.items.suffix(10).joined(separator: "\n")
        throw TimeoutError(what: "\(what) (\(ended)); the last lines:\n\(last)\n\(context())")
    }
    return lines
}

extension [Value] {
    /// The events named `name`.
    fileprivate func named(_ name: String) -> [Value] {
        filter { $0["event"]?.stringValue == name }
    }

    /// The `controller_run` events of `rule`.
    fileprivate func runs(of rule: String) -> [Value] {
        filter { $0["event"] == "controller_run" && $0["payload"]?["rule"]?.stringValue == rule }
    }

    /// The `state_changed` events of entity `entity`.
    fileprivate func changes(of entity: String) -> [Value] {
        filter { $0["event"] == "state_changed" && $0["payload"]?["entity"]?.stringValue == entity }
    }

    /// The `gpio_output` events of output `output`.
    fileprivate func outputs(_ output: String) -> [Value] {
        filter { $0["event"] == "gpio_output" && $0["payload"]?["output"]?.stringValue == output }
    }

    /// The position of the first event each test picks, leaving out those none matches.
    fileprivate func positions(of tests: [(Value) -> Bool]) -> [Int] {
        tests.compactMap { test in firstIndex(where: test) }
    }
}

extension Value {
    /// Whether this is rule `rule`'s `controller_run` with `outcome`.
    fileprivate func isRun(of rule: String, outcome: String) -> Bool {
        self["event"] == "controller_run" && self["payload"]?["rule"]?.stringValue == rule
            && self["payload"]?["outcome"]?.stringValue == outcome
    }
}

/// An event's `time` (`2026-03-29T05:00:00.123Z`, when it was triggered) in milliseconds since
/// the epoch.
private func milliseconds(_ event: Value) throws -> Int {
    let text = try #require(event["time"]?.stringValue, "no time in \(event)")
    let fields = text.split(whereSeparator: { "-T:.Z".contains($0) }).compactMap { Int($0) }
    try #require(fields.count == 7 && text.hasSuffix("Z"), "not an RFC 3339 UTC time: \(text)")
    let (year, month, day) = (fields[0], fields[1], fields[2])
    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    let shifted = month <= 2 ? year - 1 : year
    let era = (shifted >= 0 ? shifted : shifted - 399) / 400
    let yearOfEra = shifted - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = era * 146_097 + dayOfEra - 719_468
    return ((days * 24 + fields[3]) * 60 + fields[4]) * 60_000 + fields[5] * 1000 + fields[6]
}
