import LooselyCoupled
import LooselyCoupledTestKit
import Synchronization
@testable import LooselyCoupledI2C

/// An `i2c` config from YAML, validated and with defaults, as the daemon would pass it.
func i2cConfig(_ yaml: String) throws -> Value {
    try I2CModule.schema.validate(yaml: yaml, file: "sensors.yaml")
}

/// Runs `sensors` (an i2c module with `yaml` on `world`) and a sink recording its events.
func withSensors(
    _ yaml: String, world: SimulatedI2C = SimulatedI2C(), _ body: (ModuleManager, I2CEventLog, SimulatedI2C) async throws -> Void
) async throws {
    let log = I2CEventLog()
    let config = try i2cConfig(yaml)
    try await ModuleManager.withRunning([
        ModuleSpec(I2CModule.self, name: "sensors", typeName: "i2c", config: config) { context in
            try I2CModule(context: context, simulator: world)
        },
        ModuleSpec(I2CEventSink.self, name: "sink") { _ in I2CEventSink(log: log) },
    ]) { manager in
        try await body(manager, log, world)
    }
}

/// The `i2c_*` events a ``I2CEventSink`` received, awaitable by a condition with a timeout.
final class I2CEventLog: Sendable {
    private struct Waiter {
        let id: Int
        let condition: @Sendable ([Event]) -> Bool
        let continuation: CheckedContinuation<Void, Never>
    }

    private let state = Locked<(events: [Event], waiters: [Waiter], nextID: Int)>(([], [], 0))

    func append(_ event: Event) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.events.append(event)
            let events = state.events
            let ready = state.waiters.filter { $0.condition(events) }
            state.waiters.removeAll { $0.condition(events) }
            return ready.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    /// Everything so far.
    var events: [Event] { state.withLock { $0.events } }

    /// Everything so far.
    var all: [Event] { events }

    /// The events so far once `condition` holds; throws `TimeoutError` after `timeout`.
    @discardableResult
    func wait(
        _ what: String, timeout: Duration = .seconds(10), until condition: @escaping @Sendable ([Event]) -> Bool
    ) async throws -> [Event] {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        // Cancellable, so that the timeout can end the wait: a task group waits for its tasks.
        try await withTimeout(timeout, "for \(what); have \(self.events.map(\.name))") {
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let ready = self.state.withLock { state -> Bool in
                        if condition(state.events) || Task.isCancelled { return true }
                        state.waiters.append(Waiter(id: id, condition: condition, continuation: continuation))
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                let waiter = self.state.withLock { state -> Waiter? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: index)
                }
                waiter?.continuation.resume()
            }
        }
        return events
    }

    /// The events so far once `count` events named `name` have arrived.
    @discardableResult
    func wait(for name: String, count: Int = 1, timeout: Duration = .seconds(10)) async throws -> [Event] {
        try await wait("\(count) × \(name)", timeout: timeout) { events in events.count { $0.name == name } >= count }.filter { $0.name == name }
    }
}

/// A module that records every `i2c_*` event it receives.
actor I2CEventSink: Module {
    let log: I2CEventLog

    init(log: I2CEventLog) { self.log = log }
    init(context: ModuleContext) throws { throw CallError(.invalidArguments, "use the factory") }

    static let interface = ModuleInterface<I2CEventSink> {
        On("i2c_*") { sink, event in sink.log.append(event) }
    }
}
