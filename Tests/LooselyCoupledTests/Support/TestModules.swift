import Logging
import LooselyCoupled
import LooselyCoupledTestKit
import Synchronization
import Testing

/// A module that records every event it handles (payload) and answers `echo`.
actor RecordingModule: Module {
    let context: ModuleContext
    let sink: Recorder<Value>
    init(context: ModuleContext, sink: Recorder<Value>) {
        self.context = context
        self.sink = sink
    }
    init(context: ModuleContext) throws { throw CallError(.invalidArguments, "use the factory") }

    static let interface = ModuleInterface<RecordingModule> {
        On("*") { module, event in module.sink.append(event.payload) }
        Method("echo") { _, arguments in arguments }
    }
}

/// A logger for tests that do not look at logs.
let testLogger = quietLogger

/// Runs a manager with `modules` until `body` returns, then shuts it down (see the test kit).
func withManager(
    _ modules: [ModuleSpec], configuration: ModuleManager.Configuration = .init(), logger: Logger = testLogger,
    _ body: (ModuleManager) async throws -> Void
) async throws {
    try await ModuleManager.withRunning(modules, configuration: configuration, logger: logger, body)
}
