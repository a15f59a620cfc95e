import Logging
import LooselyCoupled
import LooselyCoupledCatalog
import Testing

/// A hardware-like module type with a `backend` key, for `--simulate`.
actor FakeDevice: Module {
    let context: ModuleContext
    init(context: ModuleContext) { self.context = context }

    static let interface = ModuleInterface<FakeDevice> {
        Method("backend") { device, _ in device.context.config["backend"] ?? .null }
        Method("state") { device, _ in device.context.config["_state"] ?? .null }
    }

    static let schema = Schema.object {
        Key("backend", .choice(["real", "simulated"]), default: "real")
        Key("device", .string, required: true)
    }
}

@Suite("ModuleCatalog")
struct ModuleCatalogTests {
    private let catalog = ModuleCatalog(
        [
            ModuleType(FakeDevice.self, name: "fake", schema: FakeDevice.schema, stateDirectoryKey: "_state")
        ] + ModuleCatalog.builtIn.types)

    @Test(
        "the built-in catalog knows the timer, gpio, serial, i2c and controller; gpio, serial and i2c have a backend, gpio gets state_dir"
    )
    func builtIn() {
        #expect(ModuleCatalog.builtIn.types.map(\.name) == ["timer", "gpio", "serial", "i2c", "controller"])
        #expect(ModuleCatalog.builtIn.schemas.keys.sorted() == ["controller", "gpio", "i2c", "serial", "timer"])
        #expect(ModuleCatalog.builtIn["controller"]?.hasBackend == false)
        #expect(ModuleCatalog.builtIn["serial"]?.hasBackend == true)
        #expect(ModuleCatalog.builtIn["serial"]?.stateDirectoryKey == nil)
        #expect(ModuleCatalog.builtIn["i2c"]?.hasBackend == true)
        #expect(ModuleCatalog.builtIn["i2c"]?.stateDirectoryKey == nil)
        #expect(ModuleCatalog.builtIn["timer"]?.hasBackend == false)
        #expect(ModuleCatalog.builtIn["timer"]?.stateDirectoryKey == nil)
        #expect(ModuleCatalog.builtIn["gpio"]?.hasBackend == true)
        #expect(ModuleCatalog.builtIn["gpio"]?.stateDirectoryKey == "_state_dir")
    }

    @Test("a type that saves state gets the config's state_dir under its key, which users cannot set")
    func stateDirectory() async throws {
        let config = try catalog.parse(
            "state_dir: /tmp/lc-state\nmodules:\n  panel: {type: fake, device: /dev/x}\n", file: "t.yaml")
        #expect(try await call("panel.state", catalog.specs(for: config, simulate: false)) == "/tmp/lc-state")
        #expect(throws: ConfigErrors.self) {
            try catalog.parse("modules:\n  panel: {type: fake, device: /dev/x, _state: /etc}\n", file: "t.yaml")
        }
    }

    @Test("a type's own checks report at the node they concern")
    func typeChecks() {
        let yaml = """
            modules:
              clock:
                type: timer
                timers:
                  ok: {every: 1s}
                  wake:
                    payload: {x: 1}
                  fast: {every: 0}
            """
        do {
            _ = try catalog.parse(yaml, file: "demo.yaml")
            Issue.record("the config was accepted")
        } catch {
            #expect(
                error.description.split(separator: "\n") == [
                    "demo.yaml:7:9: modules.clock.timers.wake: a timer needs 'every', 'at' or both",
                    "demo.yaml:8:21: modules.clock.timers.fast.every: expected a duration of at least 1ms, got 0.0 seconds",
                ])
        }
    }

    @Test("specs leave out disabled modules, keep order and required, and --simulate sets backends")
    func specs() async throws {
        let config = try catalog.parse(
            """
            modules:
              panel: {type: fake, device: /dev/x, required: true}
              off: {type: timer, enabled: false, timers: {t: {every: 1s}}}
              clock: {type: timer, timers: {t: {every: 1s}}}
            """, file: "t.yaml")
        let specs = catalog.specs(for: config, simulate: false)
        #expect(specs.map(\.name) == ["panel", "clock"])
        #expect(specs.map(\.typeName) == ["fake", "timer"])
        #expect(specs.map(\.required) == [true, false])
        #expect(catalog["fake"]?.hasBackend == true)
        #expect(try await backend(of: catalog.specs(for: config, simulate: false)) == "real")
        #expect(try await backend(of: catalog.specs(for: config, simulate: true)) == "simulated")
    }

    /// Runs `specs` and asks the `panel` module which backend its config names.
    private func backend(of specs: [ModuleSpec]) async throws -> Value {
        try await call("panel.backend", specs)
    }

    /// Runs `specs` and makes one call.
    private func call(_ target: String, _ specs: [ModuleSpec]) async throws -> Value {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let manager = try ModuleManager(specs, logger: logger)
        async let run: Void = manager.run()
        await manager.waitUntilRunning()
        let result = try await manager.call(target)
        manager.requestExit()
        try await run
        return result
    }
}
