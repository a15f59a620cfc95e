import LooselyCoupled
import LooselyCoupledTestKit

@testable import LooselyCoupledI2C

/// An `i2c` config from YAML, validated and with defaults, as the daemon would pass it.
func i2cConfig(_ yaml: String) throws -> Value {
    try I2CModule.schema.validate(yaml: yaml, file: "sensors.yaml")
}

/// Runs `sensors` (an i2c module with `yaml` on `world`) and a sink recording its `i2c_*` events.
func withSensors(
    _ yaml: String, world: SimulatedI2C = SimulatedI2C(),
    _ body: (ModuleManager, EventLog, SimulatedI2C) async throws -> Void
) async throws {
    let log = EventLog()
    let config = try i2cConfig(yaml)
    try await ModuleManager.withRunning([
        ModuleSpec(I2CModule.self, name: "sensors", typeName: "i2c", config: config) { context in
            try I2CModule(context: context, simulator: world)
        },
        log.spec(name: "sink", events: "i2c_*"),
    ]) { manager in
        try await body(manager, log, world)
    }
}

extension EventLog {
    /// The events named `name`, once `count` of them have arrived.
    @discardableResult
    func wait(named name: String, count: Int = 1, timeout: Duration = .seconds(10)) async throws -> [Event] {
        try await wait(for: name, count: count, timeout: timeout).named(name)
    }
}
