public import LooselyCoupled

extension TimerModule {
    /// The shortest `every`: shorter intervals would keep a core busy with nothing but events.
    static let shortestInterval: Duration = .milliseconds(1)

    /// The keys of a `timer` module: the timers it runs, by name.
    ///
    /// ```yaml
    /// clock:
    ///   type: timer
    ///   timers:
    ///     heartbeat: {every: 30s}
    ///     wake_up:
    ///       at: ["06:45", "07:00"]
    ///       event: alarm
    ///       payload: {room: bedroom}
    /// ```
    public static let schema = Schema.object {
        Key(
            "timers",
            .map(
                of: .object {
                    Key(
                        "every", .duration,
                        help: "fire every DURATION, the first time one DURATION after the timer starts")
                    Key(
                        "at", .oneOf(.timeOfDay, .list(of: .timeOfDay)),
                        help: "fire at these local times of day (\"07:00\" or a list)")
                    Key("event", .string(nonEmpty: true), help: "the event triggered; default the timer's name")
                    Key("payload", .any, default: [:], help: "what the event carries")
                    Key(
                        "priority", .choice(Priority.allCases.map(\.description)), default: "normal",
                        help: "the event's priority")
                    Key(
                        "autostart", .bool, default: true,
                        help: "whether the timer runs from the start, or waits for `start`")
                }), required: true, help: "the timers, by name")
    }

    /// What the schema cannot say about a validated config: each timer needs `every` or `at`,
    /// and `every` must be at least a millisecond. Paths are relative to the module.
    public static func problems(in config: Value) -> [(path: ConfigPath, message: String)] {
        guard let timers = config["timers"]?.objectValue else { return [] }
        var found: [(path: ConfigPath, message: String)] = []
        for (name, timer) in timers.sorted(by: { $0.key < $1.key }) {
            let path = ConfigPath([.key("timers"), .key(name)])
            for problem in problems(inTimer: timer) {
                found.append((problem.key.map(path.appending) ?? path, problem.message))
            }
            // The event it triggers (its own name unless `event` says otherwise) is an identifier.
            let explicit = timer["event"]?.stringValue
            if let problem = EventName.problem(in: explicit ?? name) {
                found.append((explicit == nil ? path : path.appending("event"), problem))
            }
        }
        // Each timer is an entity, keyed by its name: two names may not make one key.
        found += Entity.keyConflicts(
            timers.keys.sorted().map { name in
                (ConfigPath([.key("timers"), .key(name)]), "timer '\(name)'", [Entity.key(for: name)])
            })
        return found
    }

    /// The problems of one timer: the key at fault (`nil` for the timer itself) and the message.
    /// A timer the schema did not produce has none here: the schema reported it.
    static func problems(inTimer timer: Value) -> [(key: String?, message: String)] {
        guard let entry = try? timer.decode(TimerDefinition.Entry.self) else { return [] }
        return problems(in: entry)
    }

    /// The problems of one decoded timer.
    static func problems(in entry: TimerDefinition.Entry) -> [(key: String?, message: String)] {
        let every = entry.every?.duration
        if every == nil && (entry.at?.seconds ?? []).isEmpty {
            return [(nil, "a timer needs 'every', 'at' or both")]
        }
        if let every, every < shortestInterval {
            return [("every", "expected a duration of at least 1ms, got \(every)")]
        }
        return []
    }
}
