import Logging
public import LooselyCoupled

/// The `timer` module type: named timers that trigger an event `every` so often and/or `at`
/// local times of day, with a payload.
///
/// Methods: `start {"timer": NAME}` starts a timer (or restarts it from now), `stop {"timer": NAME}`
/// stops it, `list` describes every timer. Each returns the timers it concerns as
/// `{"name", "event", "running", "every" (seconds), "at" (["07:00"]), "next" (local time)}`.
///
/// One task drives every timer of the instance: it sleeps until the earliest firing (checking the
/// wall clock at least every 30 s while a time of day is pending) and triggers from the module's
/// actor, so no timer has a thread of its own.
public actor TimerModule: ConfiguredModule {
    /// The `type:` name in the config.
    public static let typeName = "timer"

    let context: ModuleContext
    private let definitions: [TimerDefinition]
    /// By name, code point for code point: two names that only look alike are two timers.
    private var schedules: [CodePointKey: TimerSchedule]
    private var isActive = false
    private var driver: Task<Void, Never>?
    /// Bumped whenever the driver is replaced, so a driver that was cancelled mid-trigger stops.
    private var generation = 0

    /// Reads the timers from the module's validated config.
    ///
    /// - Throws: `CallError` `invalid_arguments` when a timer has neither `every` nor `at`.
    public init(context: ModuleContext) throws {
        self.context = context
        self.definitions = try TimerDefinition.all(from: context.config)
        self.schedules = Dictionary(
            definitions.map { (CodePointKey($0.name), TimerSchedule(every: $0.every, at: $0.times)) },
            uniquingKeysWith: { first, _ in first })
    }

    /// The methods, event handlers and jobs of the module type (see ``Module/interface``).
    public static let interface = ModuleInterface<TimerModule> {
        Method("start") { (module, arguments: TimerArgument) in try module.start(arguments.timer) }
        Method("stop") { (module, arguments: TimerArgument) in try module.stop(arguments.timer) }
        Method("list") { module in module.list() }
    }

    /// Declares each timer as an `event` entity (`clock.heartbeat`), whose event type is the
    /// event it triggers; its state is the time it last fired.
    public func start() async throws {
        try context.declare(Self.entities(of: definitions))
    }

    /// The entities a module with `config` declares, for `check`: `nil` for a config that
    /// cannot be read.
    public static func entities(in config: Value) -> [Entity]? {
        (try? TimerDefinition.all(from: config)).map(entities(of:))
    }

    private static func entities(of definitions: [TimerDefinition]) -> [Entity] {
        definitions.map { definition in
            Entity(
                Entity.key(for: definition.name), kind: .event, name: definition.name, eventTypes: [definition.event])
        }
    }

    /// Starts what runs while the module is active (see ``Module/activate()``).
    public func activate() async {
        LocalTime.prepare()
        isActive = true
        let now = TimerInstant.now()
        for definition in definitions
        where definition.autostart && schedules[CodePointKey(definition.name)]?.isRunning == false {
            schedules[CodePointKey(definition.name)]?.start(at: now)
        }
        restartDriver()
    }

    /// Stops what runs while the module is active (see ``Module/deactivate()``).
    public func deactivate() async {
        isActive = false
        restartDriver()
    }

    // MARK: Methods

    /// What `start` and `stop` take: `{"timer": NAME}`.
    struct TimerArgument: Decodable {
        let timer: String
    }

    private func start(_ name: String) throws(CallError) -> Value {
        try checkTimer(name)
        schedules[CodePointKey(name)]?.start(at: TimerInstant.now())
        restartDriver()
        context.logger.debug("timer started", metadata: ["timer": "\(name)"])
        return describe(name, now: TimerInstant.now())
    }

    private func stop(_ name: String) throws(CallError) -> Value {
        try checkTimer(name)
        schedules[CodePointKey(name)]?.stop()
        restartDriver()
        context.logger.debug("timer stopped", metadata: ["timer": "\(name)"])
        return describe(name, now: TimerInstant.now())
    }

    private func list() -> Value {
        let now = TimerInstant.now()
        return .array(definitions.map { describe($0.name, now: now) })
    }

    private func checkTimer(_ name: String) throws(CallError) {
        guard schedules[CodePointKey(name)] != nil else {
            let names = definitions.map(\.name).joined(separator: ", ")
            throw CallError(.invalidArguments, "\(context.name) has no timer '\(name)' (timers: \(names))")
        }
    }

    private func describe(_ name: String, now: TimerInstant) -> Value {
        guard let definition = definitions.first(where: { $0.name.hasSameCodePoints(as: name) }),
            let schedule = schedules[CodePointKey(name)]
        else { return .null }
        var description: Value.Object = [
            "name": .string(name),
            "event": .string(definition.event),
            "running": .bool(schedule.isRunning),
            "at": .array(definition.times.sorted().map { .string(LocalTime.timeOfDay($0)) }),
            "next": schedule.nextFiring(from: now).map { .string(LocalTime.rfc3339($0)) } ?? .null,
        ]
        if let every = definition.every {
            description["every"] = .double(Double(every.nanoseconds) / 1e9)
        }
        return .object(description)
    }

    // MARK: Driving

    /// Replaces the driver task: none while inactive or with every timer stopped.
    private func restartDriver() {
        generation &+= 1
        driver?.cancel()
        driver = nil
        guard isActive, schedules.values.contains(where: \.isRunning) else { return }
        let generation = self.generation
        driver = Task { await self.drive(generation) }
    }

    private func drive(_ generation: Int) async {
        while !Task.isCancelled, generation == self.generation {
            let now = TimerInstant.now()
            var due: [TimerDefinition] = []
            for definition in definitions {
                guard var schedule = schedules[CodePointKey(definition.name)] else { continue }
                let step = schedule.advance(to: now)
                schedules[CodePointKey(definition.name)] = schedule
                if let missed = step.missed {
                    context.logger.warning(
                        "timer missed a time of day: the clock jumped or the system was suspended",
                        metadata: ["timer": "\(definition.name)", "scheduled": "\(LocalTime.rfc3339(missed))"])
                }
                if step.fires { due.append(definition) }
            }
            for definition in due {
                do {
                    try await context.trigger(definition.event, definition.payload, priority: definition.priority)
                    try await context.setState(
                        Entity.key(for: definition.name), .string(WallClock.rfc3339(WallClock.now(), utc: true)),
                        attributes: ["event_type": .string(definition.event)])
                    context.logger.trace(
                        "timer fired", metadata: ["timer": "\(definition.name)", "event": "\(definition.event)"])
                } catch {
                    context.logger.error(
                        "timer could not trigger its event",
                        metadata: ["timer": "\(definition.name)", "error": "\(error)"])
                }
            }
            let wake = TimerInstant.now()
            guard let delay = schedules.values.compactMap({ $0.delay(from: wake) }).min() else { return }
            do {
                try await Task.sleep(for: delay)
            } catch {
                return
            }
        }
    }
}
