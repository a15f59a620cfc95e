public import LooselyCoupled

/// A spec for a module recording the payloads of `events` into `recorder`, in arrival order: the
/// way a test sees what a module under test announces. `events` are exact names, or `*` for all.
///
/// ```swift
/// let rang = Recorder<Value>()
/// try await ModuleManager.withRunning([
///     ModuleSpec(Doorbell.self, name: "bell", config: ["button": "doorbell"]),
///     recordingSpec(name: "listener", events: ["doorbell_rang"], into: rang),
/// ]) { manager in
///     try await manager.trigger("gpio_press", ["input": "doorbell"])
///     #expect(try await rang.waitFor(count: 1) == [["count": 1, "greeting": "ding dong"]])
/// }
/// ```
public func recordingSpec(name: String, events: [String], into recorder: Recorder<Value>) -> ModuleSpec {
    ModuleSpec(PatternRecorder.self, name: name, config: .array(events.map(Value.string))) { context in
        PatternRecorder(context: context, sink: recorder)
    }
}

/// Records the payloads of events whose names match the patterns listed in its config.
public actor PatternRecorder: Module {
    let context: ModuleContext
    let sink: Recorder<Value>
    let patterns: [String]
    /// A recorder appending to `sink` the payloads of the events its config lists.
    public init(context: ModuleContext, sink: Recorder<Value>) {
        self.context = context
        self.sink = sink
        self.patterns = context.config.arrayValue?.compactMap(\.stringValue) ?? []
    }
    /// Refuses: a recorder needs its sink (``recordingSpec(name:events:into:)``).
    public init(context: ModuleContext) throws {
        throw CallError(.invalidArguments, "use recordingSpec(name:events:into:)")
    }

    /// The methods, event handlers and jobs of the module type (see ``Module/interface``).
    public static let interface = ModuleInterface<PatternRecorder> {
        On("*") { module, event in
            if module.patterns.contains(where: { $0 == event.name || $0 == "*" }) {
                module.sink.append(event.payload)
            }
        }
    }
}
