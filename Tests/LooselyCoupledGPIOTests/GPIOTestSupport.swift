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
    _ body: (ModuleManager, GPIOEventLog, SimulatedGPIO) async throws -> Void
) async throws {
    let log = GPIOEventLog()
    var config = try gpioConfig(yaml)
    var configuration = configuration
    if let stateDirectory {
        config[GPIOConfiguration.stateKey] = .string(stateDirectory)
        configuration.stateDirectory = stateDirectory
    }
    try await ModuleManager.withRunning(
        [
            panelSpec("panel", config, world: world),
            ModuleSpec(GPIOEventSink.self, name: "sink") { _ in GPIOEventSink(log: log) },
        ], configuration: configuration
    ) { manager in
        try await body(manager, log, world)
    }
}

/// The error a required module's failed start ends the manager with.
func startFailure(_ specs: [ModuleSpec]) async -> String? {
    do {
        try await ModuleManager.withRunning(specs) { _ in }
        return nil
    } catch let error as ModuleManager.LifecycleError {
        return error.underlying.map { "\($0)" } ?? error.description
    } catch {
        return "\(error)"
    }
}

/// A fresh directory under /tmp.
func temporaryDirectory() -> String {
    var template = Array("/tmp/lc-gpio-XXXXXX".utf8CString)
    _ = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
    return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

extension Event {
    /// When the event was triggered, `CLOCK_MONOTONIC` nanoseconds.
    var triggeredAt: UInt64 { metadata.enqueuedAt }
}
