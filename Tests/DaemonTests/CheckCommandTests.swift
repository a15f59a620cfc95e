import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("looselycoupled check")
struct CheckCommandTests {
    @Test(
        "the shipped configs pass, with a one-line summary",
        arguments: ["config/demo.yaml", "config/looselycoupled.yaml"])
    func shippedConfigs(_ file: String) async throws {
        let path = repositoryRoot + "/" + file
        let result = try await looselycoupled(["check", "--config", path])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.count == 1)
        #expect(result.stdout.first?.hasPrefix("\(path): OK, ") == true)
        #expect(result.stderr.isEmpty)
    }

    @Test("a good config's summary names each module and its type")
    func summary() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.write(
            "good.yaml",
            "modules:\n  clock: {type: timer, timers: {t: {every: 1s}}}\n  spare: {type: timer, enabled: false, timers: {t: {at: \"07:00\"}}}\n"
        )
        let result = try await looselycoupled(["check", "--config", path])
        #expect(result.code == 0)
        #expect(result.stdout == ["\(path): OK, 2 modules: clock (timer), spare (timer, disabled)"])
    }

    /// Each kind of bad config, and the line `check` must print for it.
    static let badConfigs: [(kind: String, yaml: String, error: String)] = [
        (
            "YAML syntax error", "modules:\n  clock: {type: timer\n",
            "3:1: modules.clock: did not find expected ',' or '}' (while parsing a flow mapping at line 2, column 10)"
        ),
        (
            "unknown key", "modules:\n  clock:\n    type: timer\n    timers: {t: {every: 1s}}\n    colour: red\n",
            "5:5: modules.clock.colour: unknown key 'colour' (expected one of: enabled, required, timers, type)"
        ),
        (
            "missing key", "modules:\n  clock:\n    type: timer\n",
            "3:5: modules.clock: missing required key 'timers'"
        ),
        (
            "wrong type", "queue:\n  capacity: lots\n",
            "2:13: queue.capacity: expected an integer, got \"lots\""
        ),
        (
            "bad value", "modules:\n  clock:\n    type: timer\n    timers: {t: {every: 1s, priority: urgent}}\n",
            "4:39: modules.clock.timers.t.priority: expected one of: highest, high, normal, low, lowest; got \"urgent\""
        ),
        (
            "unknown module type", "modules:\n  door:\n    type: gpoi\n",
            "3:11: modules.door.type: unknown module type 'gpoi' (did you mean 'gpio'? known types: controller, gpio, i2c, serial, timer)"
        ),
        (
            "duplicate key",
            "modules:\n  clock: {type: timer, timers: {t: {every: 1s}}}\n  clock: {type: timer, timers: {t: {every: 1s}}}\n",
            "3:3: modules.clock: duplicate key 'clock' (first at line 2, column 3)"
        ),
        (
            "a module type's own check", "modules:\n  clock:\n    type: timer\n    timers:\n      t: {payload: 1}\n",
            "5:10: modules.clock.timers.t: a timer needs 'every', 'at' or both"
        ),
    ]

    @Test("a bad config prints FILE:LINE:COLUMN: KEY.PATH: message and exits 1", arguments: badConfigs.indices)
    func badConfig(_ index: Int) async throws {
        let (kind, yaml, error) = Self.badConfigs[index]
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.write("bad.yaml", yaml)
        let result = try await looselycoupled(["check", "--config", path])
        #expect(result.code == 1, "\(kind)")
        #expect(result.stderr == ["\(path):\(error)"], "\(kind)")
        #expect(result.stdout.isEmpty, "\(kind)")
    }

    @Test("every problem is printed, in file order")
    func everyProblem() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.write(
            "bad.yaml", "logging:\n  level: loud\nmodules:\n  clock:\n    type: timer\n    timers: {t: {every: 5}}\n")
        let result = try await looselycoupled(["check", "--config", path])
        #expect(result.code == 1)
        #expect(
            result.stderr == [
                "\(path):2:10: logging.level: expected one of: trace, debug, info, notice, warning, error, critical; got \"loud\"",
                "\(path):6:25: modules.clock.timers.t.every: duration 5 has no unit: write e.g. 5s or 5ms (units: ns, us, ms, s, m, h)",
            ])
    }

    @Test("a missing file is an error naming it")
    func missingFile() async throws {
        let result = try await looselycoupled(["check", "--config", "/nonexistent/looselycoupled.yaml"])
        #expect(result.code == 1)
        #expect(result.stderr == ["/nonexistent/looselycoupled.yaml: cannot read: No such file or directory"])
    }

    @Test("run refuses a bad config the same way, before starting anything")
    func runRefusesBadConfig() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.write("bad.yaml", "modules:\n  door:\n    type: gpoi\n")
        let socket = directory.path + "/control.sock"
        let result = try await looselycoupled(["run", "--config", path, "--control-socket", socket])
        #expect(result.code == 1)
        #expect(
            result.stderr == [
                "\(path):3:11: modules.door.type: unknown module type 'gpoi' (did you mean 'gpio'? known types: controller, gpio, i2c, serial, timer)"
            ])
        #expect(access(socket, F_OK) != 0)
    }

    @Test(
        "bad command lines are usage errors (exit 64)",
        arguments: [
            ["call", "no-dot"], ["call", "clock.list", "[1]"], ["trigger", "e", "{bad"],
            ["run", "--log-level", "loud"],
            ["status", "--control-socket", ""],
        ])
    func usageErrors(_ arguments: [String]) async throws {
        let result = try await looselycoupled(arguments)
        #expect(result.code == 64)
        #expect(result.stderr.first?.hasPrefix("Error: ") == true)
    }
}
