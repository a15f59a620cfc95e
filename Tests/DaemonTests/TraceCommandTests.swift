import LooselyCoupled
import LooselyCoupledTestKit
import Testing

/// `looselycoupled trace RULE` against a running daemon: a rule's last runs as text and JSON,
/// found by MODULE.RULE or by the rule's name alone.
@Suite("looselycoupled trace")
struct TraceCommandTests {
    static let config = """
        modules:
          panel:
            type: gpio
            backend: simulated
            outputs:
              porch: {line: 27}
          automations:
            type: controller
            rules:
              porch_on:
                when: [{event: go}]
                if:
                  - state: panel.porch
                    is: "off"
                do:
                  - set: panel.porch
                    state: "on"
                  - call: panel.set
                    args: {output: porch, state: blinking}
          others:
            type: controller
            rules:
              idle:
                when: [{event: never}]
                do: [{delay: 1s}]
        """

    /// Triggers `go` and waits for the run's `controller_run` event.
    private func go(_ daemon: TestDaemon, _ watcher: Subprocess, runs: Int) async throws {
        let result = try await daemon.client(["trigger", "go"])
        #expect(result.code == 0, "\(result.stderr)")
        _ = try await withTimeout(.seconds(20), "for \(runs) controller_run events") { [watcher] in
            await watcher.stdout.wait { lines in lines.count { $0.contains("controller_run") } >= runs }
        }
    }

    @Test(
        "a failed run shows its condition, each step with its result or error, and the outcome; a second run is skipped by its condition"
    )
    func text() async throws {
        let daemon = try await TestDaemon(config: Self.config)
        let watcher = try Subprocess(executablePath, ["events", "controller_run", "--control-socket", daemon.socket])
        _ = try await watcher.line(in: \.stderr, containing: "watching events matching 'controller_run'")

        try await go(daemon, watcher, runs: 1)
        let first = try await daemon.client(["trace", "porch_on"])
        #expect(first.code == 0, "\(first.stderr)")
        let lines = first.stdout
        #expect(lines.count == 5, "\(lines)")
        #expect(lines.first?.hasSuffix("  event go  →  failed") == true, "\(lines)")
        #expect(lines.dropFirst().first == #"  if[0]  state panel.porch is "off"  holds"#)
        #expect(lines.dropFirst(2).first?.hasPrefix(#"  do[0]  set panel.porch "on"  "#) == true, "\(lines)")
        #expect(lines.dropFirst(2).first?.contains(#""state":"on""#) == true, "\(lines)")
        #expect(lines.dropFirst(3).first?.hasPrefix("  do[1]  call panel.set  ") == true, "\(lines)")
        #expect(lines.dropFirst(3).first?.contains("error: invalid_") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("  error: do[1]: ") == true, "\(lines)")

        // The porch is on now: the condition fails and nothing runs.
        try await go(daemon, watcher, runs: 2)
        let second = try await daemon.client(["trace", "automations.porch_on"])
        #expect(second.code == 0, "\(second.stderr)")
        #expect(second.stdout.count == 7, "\(second.stdout)")
        #expect(
            second.stdout.dropFirst(5).first?.hasSuffix(#"→  condition 0 did not hold: state panel.porch is "off""#)
                == true)
        #expect(second.stdout.last == #"  if[0]  state panel.porch is "off"  does not hold"#)

        let json = try await daemon.client(["trace", "porch_on", "--json"])
        let traces = try Value(json: json.stdout.joined(separator: "\n"))
        #expect(traces.arrayValue?.count == 2)
        #expect(traces[0]?["steps"]?[1]?["error"]?.stringValue?.isEmpty == false)
        #expect(traces[1]?["outcome"] == #"condition 0 did not hold: state panel.porch is "off""#)
        watcher.send(15)
    }

    @Test("a rule that has not run, a misspelt rule, a rule no controller has")
    func errors() async throws {
        let daemon = try await TestDaemon(config: Self.config)
        let idle = try await daemon.client(["trace", "idle"])
        #expect(idle.code == 0)
        #expect(idle.stdout == ["others.idle has not run since the daemon started"])

        let misspelt = try await daemon.client(["trace", "porch_onn"])
        #expect(misspelt.code == 1)
        #expect(misspelt.stderr == ["looselycoupled: no rule 'porch_onn'; did you mean 'automations.porch_on'?"])

        let wrongModule = try await daemon.client(["trace", "others.porch_on"])
        #expect(wrongModule.code == 1)
        #expect(wrongModule.stderr.first?.contains("others has no rule 'porch_on'") == true, "\(wrongModule.stderr)")

        let none = try await TestDaemon(config: quietConfig)
        let result = try await none.client(["trace", "x"])
        #expect(result.code == 1)
        #expect(result.stderr == ["looselycoupled: the daemon runs no controller module"])
    }
}
