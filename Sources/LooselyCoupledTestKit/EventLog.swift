public import LooselyCoupled

/// The events a module under test sent, as another module received them, awaitable by a
/// condition with a timeout that fails the test instead of hanging it.
///
/// ```swift
/// let log = EventLog()
/// try await ModuleManager.withRunning([
///     ModuleSpec(Doorbell.self, name: "bell", config: ["button": "doorbell"]),
///     log.spec(name: "sink", events: "doorbell_*"),
/// ]) { manager in
///     try await manager.trigger("gpio_press", ["input": "doorbell"])
///     let events = try await log.wait(for: "doorbell_rang")
///     #expect(events.named("doorbell_rang").first?.payload["count"] == 1)
/// }
/// ```
public final class EventLog: Sendable {
    private let recorded = Watched<[Event]>([])

    /// An empty log.
    public init() {}

    /// Records `event`; wakes the waits whose condition now holds.
    public func append(_ event: Event) {
        recorded.update { $0.append(event) }
    }

    /// Everything so far, in arrival order.
    public var events: [Event] { recorded.value }

    /// The events so far once `condition` holds for them; throws `TimeoutError` after `timeout`,
    /// naming `what` and the events there were.
    @discardableResult
    public func wait(
        _ what: String, timeout: Duration = .seconds(10), until condition: @escaping @Sendable ([Event]) -> Bool
    ) async throws -> [Event] {
        try await withTimeout(timeout, "for \(what); have \(events.map(\.name))") { [recorded] in
            await recorded.wait(until: condition)
        }
    }

    /// The events so far once `count` events named `name` have arrived.
    @discardableResult
    public func wait(for name: String, count: Int = 1, timeout: Duration = .seconds(10)) async throws -> [Event] {
        try await wait("\(count) × \(name)", timeout: timeout) { events in events.count { $0.name == name } >= count }
    }

    /// A spec for a module named `name` that records into this log every event matching
    /// `events` (an exact name or a glob such as `gpio_*`).
    public func spec(name: String, events: String) -> ModuleSpec {
        ModuleSpec(EventLogModule.self, name: name, config: .string(events)) { [self] context in
            EventLogModule(context: context, log: self)
        }
    }
}

/// The module of ``EventLog/spec(name:events:)``: handles every event and records those that
/// match its config's pattern.
public actor EventLogModule: Module {
    let log: EventLog
    let pattern: GlobPattern

    init(context: ModuleContext, log: EventLog) {
        self.log = log
        self.pattern = GlobPattern(context.config.stringValue ?? "*")
    }

    /// Refuses: an event log's module needs its log (``EventLog/spec(name:events:)``).
    public init(context: ModuleContext) throws {
        throw CallError(.invalidArguments, "use EventLog.spec(name:events:)")
    }

    /// The methods, event handlers and jobs of the module type (see ``Module/interface``).
    public static let interface = ModuleInterface<EventLogModule> {
        On("*") { module, event in
            if module.pattern.matches(event.name) { module.log.append(event) }
        }
    }
}

extension [Event] {
    /// The events' names, in order.
    public var names: [String] { map(\.name) }

    /// The events named `name`.
    public func named(_ name: String) -> [Event] { filter { $0.name == name } }
}
