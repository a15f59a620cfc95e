import LooselyCoupled
import LooselyCoupledTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `systemctl reload` in place: the daemon compares each module's section with the running one
/// and restarts only what changed.
@Suite("reload in place: only the modules whose section changed restart")
struct ReloadTests {
    /// A panel with an output, a clock with a timer that waits to be started, and `others`.
    static func config(_ others: String) -> String {
        """
        modules:
          panel:
            type: gpio
            backend: simulated
            outputs:
              porch: {line: 27}
          clock:
            type: timer
            timers:
              nap: {every: 1h, autostart: false}
        \(others)
        """
    }

    static let other = """
          other:
            type: timer
            timers:
              hourly: {every: 1h}
        """

    /// How often the simulated chip saw the porch's line written.
    func porchWrites(_ daemon: TestDaemon) async throws -> Value? {
        let result = try await daemon.client(["call", "panel.simulated_writes", #"{"output": "porch"}"#])
        #expect(result.code == 0, "\(result.stderr)")
        return try Value(json: result.stdout.joined())["writes"]
    }

    func reload(_ daemon: TestDaemon, to config: String) async throws -> String {
        daemon.rewriteConfig(config)
        daemon.process.send(SIGHUP)
        try await daemon.waitForStderr("config reloaded", count: 1)
        return daemon.process.stderr.items.first { $0.contains("config reloaded") } ?? ""
    }

    @Test(
        "editing one module's section restarts that module only: the others keep their instance, and an output that is on is never written"
    )
    func onlyTheEditedModuleRestarts() async throws {
        let daemon = try await TestDaemon(config: Self.config(Self.other))
        // What the running instances have and new ones would not: the porch is on (it starts off),
        // and the nap timer runs (it waits to be started).
        #expect(try await daemon.client(["set", "panel.porch", "on"]).code == 0)
        #expect(try await daemon.client(["call", "clock.start", #"{"timer": "nap"}"#]).code == 0)
        let before = try await porchWrites(daemon)

        let line = try await reload(daemon, to: Self.config(Self.other.replacing("hourly", with: "daily")))
        #expect(line.contains("kept=panel,clock") && line.contains("restarted=other"), "\(line)")
        #expect(line.contains("added=-") && line.contains("removed=-"))
        #expect(try await porchWrites(daemon) == before, "the porch's line was not written during the reload")
        let porch = try await daemon.client(["states", "panel.porch", "--json"])
        #expect(try Value(json: porch.stdout.joined()).arrayValue?.first?["state"] == "on")
        let clock = try await daemon.client(["call", "clock.list"])
        #expect(
            try Value(json: clock.stdout.joined()).arrayValue?.first?["running"] == true, "the nap timer still runs")
        let other = try await daemon.client(["call", "other.list"])
        #expect(try Value(json: other.stdout.joined()).arrayValue?.first?["name"] == "daily")
        let stopped = daemon.process.stderr.items.filter { $0.contains("module stopped") }
        #expect(stopped.map { $0.split(separator: " ")[2] } == ["other:"])
        #expect(try await daemon.terminate() == 0)
    }

    @Test("a reload whose rules call a method the panel has not is refused at its line, and everything runs on")
    func reloadChecksRules() async throws {
        let rules = """
              automations:
                type: controller
                rules:
                  porch:
                    when: [{event: go}]
                    do:
                      - call: panel.sett
                        args: {output: porch, state: "on"}
            """
        let daemon = try await TestDaemon(config: Self.config(Self.other))
        daemon.rewriteConfig(Self.config(rules))
        daemon.process.send(SIGHUP)
        try await daemon.waitForStderr("SIGHUP: the config has errors", count: 1)
        let failure = daemon.process.stderr.items.joined(separator: "\n")
        // Line 18: the test daemon's config starts with its state_dir.
        #expect(
            failure.contains(
                "looselycoupled.yaml:18:19: modules.automations.rules.porch.do[0].call: module 'panel' (gpio) has no method 'sett'; did you mean 'set'?"
            ), "\(failure)")
        let status = try await daemon.client(["status", "--json"])
        let modules = try Value(json: status.stdout.joined())["modules"]?.arrayValue ?? []
        #expect(modules.compactMap { $0["name"]?.stringValue } == ["panel", "clock", "other"])
    }

    @Test("a module added to the config starts; one removed stops, and its entities go with it")
    func addedAndRemoved() async throws {
        let daemon = try await TestDaemon(config: Self.config(Self.other))
        let added = """
              door:
                type: timer
                timers:
                  chime: {every: 1h}
            """
        let line = try await reload(daemon, to: Self.config(added))
        #expect(line.contains("added=door") && line.contains("removed=other"), "\(line)")
        let status = try await daemon.client(["status", "--json"])
        let modules = try Value(json: status.stdout.joined())["modules"]?.arrayValue ?? []
        #expect(modules.map { $0["name"] } == ["panel", "clock", "door"])
        #expect(modules.allSatisfy { $0["state"] == "active" })
        let states = try await daemon.client(["states", "--json"])
        let ids = (try Value(json: states.stdout.joined()).arrayValue ?? []).compactMap { $0["entity"]?.stringValue }
        #expect(ids == ["panel.porch", "clock.nap", "door.chime"])
        #expect(try await daemon.client(["call", "other.list"]).code == 1)
        #expect(try await daemon.terminate() == 0)
    }
}
