import LooselyCoupled
import LooselyCoupledTestKit

@testable import LooselyCoupledGPIO

#if canImport(Glibc)
    import Glibc
#endif

/// A `gpio` config from YAML, validated by the schema and with defaults (its further checks,
/// `GPIOModule.problems(in:)`, are for the tests of those checks to call).
func gpioConfig(_ yaml: String) throws -> Value {
    try GPIOModule.schema.validate(yaml: yaml, file: "panel.yaml")
}

/// A `gpio` module named `name` on the simulated chips of `world`.
func panelSpec(_ name: String = "panel", _ config: Value, world: SimulatedGPIO, required: Bool = false) -> ModuleSpec {
    ModuleSpec(GPIOModule.self, name: name, typeName: "gpio", config: config, required: required) { context in
        try GPIOModule(context: context, simulator: world)
    }
}

/// Runs `panel` (a simulated gpio module with `yaml`) and a sink recording its events; with
/// `stateDirectory`, passes it as the catalog passes the daemon's `state_dir`.
func withPanel(
    _ yaml: String, world: SimulatedGPIO = SimulatedGPIO(), stateDirectory: String? = nil,
    configuration: ModuleManager.Configuration = .init(),
    _ body: (ModuleManager, EventLog, SimulatedGPIO) async throws -> Void
) async throws {
    let log = EventLog()
    var config = try gpioConfig(yaml)
    var configuration = configuration
    if let stateDirectory {
        config[GPIOConfiguration.stateKey] = .string(stateDirectory)
        configuration.stateDirectory = stateDirectory
    }
    try await ModuleManager.withRunning(
        [
            panelSpec("panel", config, world: world),
            log.spec(name: "sink", events: "gpio_*"),
        ], configuration: configuration
    ) { manager in
        try await body(manager, log, world)
    }
}

/// A fresh directory under /tmp.
func temporaryDirectory() -> String {
    makeTemporaryDirectory("lc-gpio")
}

extension Event {
    /// When the event was triggered, `CLOCK_MONOTONIC` nanoseconds.
    var triggeredAt: UInt64 { metadata.enqueuedAt }
}
