import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledDaemon

#if canImport(Glibc)
    import Glibc
#endif

@Suite("signals, systemd notify and logging")
struct LifecycleTests {
    @Test("SIGTERM stops the modules in reverse order and exits 0", arguments: [SIGTERM, SIGINT])
    func signalShutdown(_ signal: Int32) async throws {
        let daemon = try await TestDaemon(config: quietConfig, arguments: ["--simulate"])
        #expect(try await daemon.terminate(signal) == 0)
        let stopped = daemon.process.stderr.items.filter { $0.contains("module stopped") }
        #expect(stopped.map { $0.split(separator: " ")[2] } == ["third:", "second:", "clock:"])
        let started = daemon.process.stderr.items.filter { $0.contains("module started") }
        #expect(started.map { $0.split(separator: " ")[2] } == ["clock:", "second:", "third:"])
        #expect(daemon.process.stderr.items.last?.hasSuffix("info looselycoupled: stopped") == true)
        // Who asked is in the log, from the kernel's siginfo: this test process.
        let stopping = try #require(daemon.process.stderr.items.first { $0.contains(": stopping") })
        #expect(stopping.contains("notice looselycoupled: \(signal == SIGTERM ? "SIGTERM" : "SIGINT"): stopping"))
        #expect(stopping.contains("sender_pid=\(getpid())") && stopping.contains("sender_uid=\(getuid())"))
    }

    @Test(
        "SIGHUP (systemctl reload) runs the edited config: changed and removed modules stop in reverse order, new ones start, same process"
    )
    func hangupReloads() async throws {
        let daemon = try await TestDaemon(config: quietConfig)
        daemon.rewriteConfig(reloadedConfig)
        daemon.process.send(SIGHUP)
        try await daemon.waitForStderr("config reloaded", count: 1)
        let stopped = daemon.process.stderr.items.filter { $0.contains("module stopped") }
        #expect(stopped.map { $0.split(separator: " ")[2] } == ["third:", "second:", "clock:"])
        let reloading = try #require(daemon.process.stderr.items.first { $0.contains("SIGHUP: reloading the config") })
        #expect(reloading.contains("sender_pid=\(getpid())") && reloading.contains("sender_uid=\(getuid())"))
        let status = try await daemon.client(["status"])
        #expect(moduleNames(status) == ["clock", "porch"])
        #expect(status.stdout.last?.hasSuffix("pid \(daemon.process.pid)") == true)
        // The reloaded modules work: the new gpio module answers a call.
        #expect(try await daemon.client(["call", "porch.list"]).code == 0)
        #expect(try await daemon.terminate() == 0)
    }

    @Test("SIGHUP with an invalid config logs each problem with file, line and column and changes nothing")
    func hangupWithInvalidConfig() async throws {
        let daemon = try await TestDaemon(config: quietConfig)
        _ = daemon.directory.write(
            "looselycoupled.yaml", quietConfig + "\n  broken:\n    type: timer\n    timers: {t: {every: soon}}\n")
        daemon.process.send(SIGHUP)
        let problem = try await daemon.process.line(in: \.stderr, containing: "\(daemon.configPath):")
        #expect(
            problem.contains(
                "error looselycoupled: \(daemon.configPath):17:25: modules.broken.timers.t.every: expected a duration"))
        let refused = daemon.process.stderr.items.first {
            $0.contains("the config has errors; the modules keep running")
        }
        #expect(refused?.contains("sender_pid=\(getpid())") == true)
        #expect(moduleNames(try await daemon.client(["status"])) == ["clock", "second", "third"])
        #expect(!daemon.process.stderr.items.contains { $0.contains("module stopped") })

        // Fixed, the next SIGHUP takes it.
        daemon.rewriteConfig(reloadedConfig)
        daemon.process.send(SIGHUP)
        try await daemon.waitForStderr("config reloaded", count: 1)
        #expect(moduleNames(try await daemon.client(["status"])) == ["clock", "porch"])
        #expect(try await daemon.terminate() == 0)
    }

    @Test("READY=1 when running, WATCHDOG=1 every half period, STOPPING=1 on SIGTERM")
    func systemdNotify() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let listener = try NotifyListener(address: directory.path + "/notify.sock")
        let daemon = try await TestDaemon(
            config: quietConfig, environment: ["NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "200000"],
            waitForModules: false)
        try await listener.wait(for: "READY=1")
        try await listener.wait(for: "WATCHDOG=1", count: 3)
        #expect(listener.messages.items.contains("STATUS=Running 3 modules"))
        #expect(!listener.messages.items.contains("STOPPING=1"))
        // READY=1 follows the modules' activation.
        #expect(daemon.process.stderr.items.contains { $0.contains("modules active") })

        daemon.process.send(SIGTERM)
        try await listener.wait(for: "STOPPING=1")
        #expect(try await daemon.process.exitCode() == 0)
        let messages = listener.messages.items
        #expect(messages.firstIndex(of: "READY=1").map { $0 < (messages.firstIndex(of: "STOPPING=1") ?? 0) } == true)
    }

    @Test("a reload that stopped in time leaves no shutdown deadline behind to end the daemon later")
    func reloadDisarmsTheShutdownDeadline() async throws {
        // The deadline is shutdown_timeout + 1 s; the timer's second tick after the reload comes
        // later than that, and the daemon must still be there to send it.
        let config =
            "queue: {shutdown_timeout: 50ms}\n" + """
                modules:
                  clock:
                    type: timer
                    timers:
                      tick: {every: 700ms, event: tick}
                """
        let daemon = try await TestDaemon(config: config)
        daemon.process.send(SIGHUP)
        try await daemon.waitForStderr("config reloaded", count: 1)
        let watcher = try Subprocess(executablePath, ["events", "tick", "--control-socket", daemon.socket])
        _ = try await watcher.line(in: \.stderr, containing: "watching events")
        let stdout = watcher.stdout
        _ = try await withTimeout(.seconds(20), "for two ticks") { await stdout.wait { $0.count >= 2 } }
        #expect(try await daemon.client(["status"]).code == 0)
        #expect(try await daemon.terminate() == 0)
        _ = try await watcher.exitCode()
    }

    @Test("a reload tells systemd RELOADING=1 and then READY=1 again, not STOPPING=1")
    func systemdNotifyReload() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let listener = try NotifyListener(address: directory.path + "/notify.sock")
        let daemon = try await TestDaemon(
            config: quietConfig, environment: ["NOTIFY_SOCKET": listener.address], waitForModules: false)
        try await listener.wait(for: "READY=1")
        daemon.rewriteConfig(reloadedConfig)
        daemon.process.send(SIGHUP)
        try await listener.wait(for: "READY=1", count: 2)
        let messages = listener.messages.items
        #expect(messages.filter { $0 == "RELOADING=1" }.count == 1)
        #expect(messages.contains { $0.hasPrefix("MONOTONIC_USEC=") })
        #expect(!messages.contains("STOPPING=1"))
        #expect(messages.lastIndex(of: "READY=1").map { $0 > (messages.firstIndex(of: "RELOADING=1") ?? .max) } == true)
        #expect(messages.contains("STATUS=Running 2 modules"))
        #expect(try await daemon.terminate() == 0)
        #expect(listener.messages.items.contains("STOPPING=1"))
    }

    @Test("an abstract NOTIFY_SOCKET (@name) works too; WATCHDOG_PID of another process turns the watchdog off")
    func abstractNotifySocket() async throws {
        let listener = try NotifyListener(
            address: "@looselycoupled-test-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let daemon = try await TestDaemon(
            config: quietConfig,
            environment: ["NOTIFY_SOCKET": listener.address, "WATCHDOG_USEC": "100000", "WATCHDOG_PID": "1"],
            waitForModules: false)
        try await listener.wait(for: "READY=1")
        #expect(try await daemon.terminate() == 0)
        #expect(!listener.messages.items.contains("WATCHDOG=1"))
        #expect(listener.messages.items.contains("STOPPING=1"))
    }

    @Test("logging.format json writes one JSON object per line")
    func jsonLogs() async throws {
        let daemon = try await TestDaemon(config: "logging:\n  format: json\n" + quietConfig)
        #expect(try await daemon.terminate() == 0)
        let records = try daemon.process.stderr.items.map { try Value(json: $0) }
        let stopped = records.filter { $0["message"] == "module stopped" }
        #expect(stopped.map { $0["module"] } == ["third", "second", "clock"])
        #expect(
            stopped.allSatisfy {
                $0["level"] == "debug" && $0["label"] == "looselycoupled" && $0["time"]?.stringValue != nil
            })
    }

    @Test("with stderr on the journal, lines start with the syslog priority and leave the time to journald")
    func journalPriorities() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configPath = directory.write("looselycoupled.yaml", quietConfig)
        let socket = directory.path + "/control.sock"
        let arguments = ["run", "--config", configPath, "--control-socket", socket, "--log-level", "debug"]

        // A JOURNAL_STREAM that is not stderr's (stderr redirected away from the journal)
        // changes nothing, as systemd.exec(5) asks.
        let redirected = try Subprocess(executablePath, arguments, environment: ["JOURNAL_STREAM": "1:1"])
        _ = try await redirected.line(in: \.stderr, containing: "modules active")
        redirected.send(SIGTERM)
        let redirectedCode = try await redirected.exitCode()
        #expect(redirectedCode == 0, "exit \(redirectedCode): \(redirected.stderr.items.joined(separator: " | "))")
        #expect(!redirected.stderr.items.contains { $0.hasPrefix("<") })

        // The real thing: JOURNAL_STREAM names the device and inode of stderr (here a pipe).
        let journal = try Subprocess(
            "/bin/sh",
            ["-c", #"JOURNAL_STREAM=$(stat -L -c '%d:%i' /proc/self/fd/2) exec "$0" "$@""#, executablePath] + arguments)
        _ = try await journal.line(in: \.stderr, containing: "modules active")
        journal.send(SIGTERM)
        let code = try await journal.exitCode()
        let lines = journal.stderr.items
        #expect(code == 0, "exit \(code): \(lines.joined(separator: " | "))")
        #expect(lines.contains("<6>info looselycoupled: modules active modules=3"))
        #expect(lines.contains("<7>debug third: module stopped"))
        #expect(lines.allSatisfy { $0.hasPrefix("<") })
    }
}

/// `quietConfig` edited: `second` and `third` removed, a simulated gpio module added.
private let reloadedConfig = """
    modules:
      clock:
        type: timer
        timers:
          hourly: {every: 1h}
      porch:
        type: gpio
        chip: gpiochip0
        backend: simulated
        outputs:
          light: {line: 4}
    """

/// The module names of a `status` table, in its order.
private func moduleNames(_ status: CommandResult) -> [String] {
    status.stdout.dropFirst().prefix { !$0.hasPrefix("queue:") }.compactMap {
        $0.split(separator: " ").first.map(String.init)
    }
}
