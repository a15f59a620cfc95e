import LooselyCoupled
import Logging
import Synchronization
import LooselyCoupledTestKit
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

/// A spec for a module recording the payloads of `events` (patterns) into `recorder`.
func recordingSpec(name: String, events: [String], into recorder: Recorder<Value>) -> ModuleSpec {
    ModuleSpec(PatternRecorder.self, name: name, config: .array(events.map(Value.string))) { context in
        PatternRecorder(context: context, sink: recorder)
    }
}

/// Records the payloads of events whose names match the patterns listed in its config.
actor PatternRecorder: Module {
    let context: ModuleContext
    let sink: Recorder<Value>
    let patterns: [String]
    init(context: ModuleContext, sink: Recorder<Value>) {
        self.context = context
        self.sink = sink
        self.patterns = context.config.arrayValue?.compactMap(\.stringValue) ?? []
    }
    init(context: ModuleContext) throws { throw CallError(.invalidArguments, "use the factory") }

    static let interface = ModuleInterface<PatternRecorder> {
        On("*") { module, event in
            if module.patterns.contains(where: { $0 == event.name || $0 == "*" }) {
                module.sink.append(event.payload)
            }
        }
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
