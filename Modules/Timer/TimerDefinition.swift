import LooselyCoupled

/// One timer as the config declares it, read from the module's validated config.
struct TimerDefinition: Sendable, Hashable {
    /// The key under `timers:`; what `start`, `stop` and `list` name.
    let name: String
    /// The event triggered (`event`; default the timer's name).
    let event: String
    /// What the event carries (`payload`; default `{}`).
    let payload: Value
    /// The priority the event is queued with (`priority`; default normal).
    let priority: Priority
    /// `every`, if given.
    let every: Duration?
    /// `at`, as seconds since local midnight.
    let times: [Int]
    /// Whether the timer starts with the module (`autostart`; default true).
    let autostart: Bool

    /// The timers of a module config validated by ``TimerModule/schema``, sorted by name.
    ///
    /// - Throws: `CallError` `invalid_arguments` for a config the schema did not produce; the
    ///   daemon validates first, so this only guards modules built by hand.
    static func all(from config: Value) throws(CallError) -> [TimerDefinition] {
        guard let timers = config["timers"]?.objectValue else {
            throw CallError(.invalidArguments, "a timer module needs a 'timers' mapping")
        }
        var definitions: [TimerDefinition] = []
        for (name, timer) in timers.sorted(by: { $0.key < $1.key }) {
            if let problem = TimerModule.problems(inTimer: timer).first {
                throw CallError(.invalidArguments, "timer '\(name)': \(problem.message)")
            }
            definitions.append(
                TimerDefinition(
                    name: name,
                    event: timer["event"]?.stringValue ?? name,
                    payload: timer["payload"] ?? [:],
                    priority: timer["priority"]?.stringValue.flatMap(Priority.init(name:)) ?? .normal,
                    every: timer["every"]?.durationValue,
                    times: times(timer["at"]),
                    autostart: timer["autostart"]?.boolValue ?? true))
        }
        return definitions
    }

    /// `at` as one time or a list of times (`.int` seconds since midnight from the schema).
    static func times(_ value: Value?) -> [Int] {
        switch value {
        case .int(let seconds)?: [seconds]
        case .array(let elements)?: elements.compactMap(\.intValue)
        default: []
        }
    }
}
