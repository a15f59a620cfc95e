import LooselyCoupled
import LooselyCoupledTestKit

@testable import LooselyCoupledSerial

/// A `serial` config from YAML, validated and with defaults, as the daemon would pass it.
func serialConfig(_ yaml: String) throws -> Value {
    try SerialModule.schema.validate(yaml: yaml, file: "serial.yaml")
}

/// The spec of a serial module named `port` with `yaml`, on `backend` if given.
func portSpec(_ yaml: String, backend: (any SerialBackend)? = nil) throws -> ModuleSpec {
    let config = try serialConfig(yaml)
    return ModuleSpec(SerialModule.self, name: "port", typeName: "serial", config: config, required: true) { context in
        if let backend { return try SerialModule(context: context, backend: backend) }
        return try SerialModule(context: context)
    }
}

/// Runs `port` (a serial module with `yaml`) and a sink recording its `serial_*` events and
/// `state_changed` until `body` returns.
func withSerial(
    _ yaml: String, backend: (any SerialBackend)? = nil,
    configuration: ModuleManager.Configuration = .init(), _ body: (ModuleManager, EventLog) async throws -> Void
) async throws {
    let log = EventLog()
    try await ModuleManager.withRunning(
        [try portSpec(yaml, backend: backend), log.spec(name: "sink", events: "serial_*")],
        configuration: configuration
    ) { manager in
        try await body(manager, log)
    }
}

/// Why a serial module with `yaml` could not start, as text; `nil` when it started.
func startFailure(_ yaml: String) async -> String? {
    do {
        return await startFailure([try portSpec(yaml)])
    } catch {
        return "\(error)"
    }
}

extension EventLog {
    /// The `data` of every `serial_frame` so far.
    var frames: [String] { events.named("serial_frame").compactMap { $0.payload["data"]?.stringValue } }
}
