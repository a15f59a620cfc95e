import LooselyCoupled
import LooselyCoupledTestKit
@testable import LooselyCoupledSerial

/// A `serial` config from YAML, validated and with defaults, as the daemon would pass it.
func serialConfig(_ yaml: String) throws -> Value {
    try SerialModule.schema.validate(yaml: yaml, file: "serial.yaml")
}

/// Runs `port` (a serial module with `yaml`) and a sink recording its events until `body` returns.
func withSerial(
    _ yaml: String, backend: (any SerialBackend)? = nil, _ body: (ModuleManager, SerialEventLog) async throws -> Void
) async throws {
    let log = SerialEventLog()
    let config = try serialConfig(yaml)
    try await ModuleManager.withRunning([
        ModuleSpec(SerialModule.self, name: "port", typeName: "serial", config: config, required: true) { context in
            if let backend { return try SerialModule(context: context, backend: backend) }
            return try SerialModule(context: context)
        },
        ModuleSpec(SerialEventSink.self, name: "sink") { _ in SerialEventSink(log: log) },
    ]) { manager in
        try await body(manager, log)
    }
}

/// The error a required module's failed start ends the manager with, as text.
func startFailure(_ yaml: String) async -> String? {
    do {
        try await withSerial(yaml) { _, _ in }
        return nil
    } catch let error as ModuleManager.LifecycleError {
        return error.underlying.map { "\($0)" } ?? error.description
    } catch {
        return "\(error)"
    }
}
