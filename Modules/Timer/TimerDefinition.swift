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

    /// One entry under `timers:` as the schema normalised it: every default (`payload`,
    /// `priority`, `autostart`) is the schema's, written there once; `event` defaults to the
    /// timer's name, which only the entry's key knows.
    struct Entry: Decodable {
        let every: ConfigDuration?
        let at: TimesOfDay?
        let event: String?
        let payload: Value
        let priority: Priority
        let autostart: Bool
    }

    /// `at`: one time of day or a list, each as seconds since local midnight (the schema's
    /// `.timeOfDay`).
    struct TimesOfDay: Decodable {
        let seconds: [Int]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let one = try? container.decode(Int.self) {
                seconds = [one]
            } else {
                seconds = try container.decode([Int].self)
            }
        }
    }

    /// A `timer` module's config, validated and normalised by ``TimerModule/schema``.
    private struct Config: Decodable {
        let timers: Value.Object
    }

    /// The timers of a module config validated by ``TimerModule/schema``, sorted by name.
    ///
    /// - Throws: `CallError` `invalid_arguments` for a config the schema did not produce; the
    ///   daemon validates first, so this only guards modules built by hand.
    static func all(from config: Value) throws(CallError) -> [TimerDefinition] {
        let timers: Value.Object
        do {
            timers = try config.decode(Config.self).timers
        } catch {
            throw CallError(.invalidArguments, "a timer module's config: \(error)")
        }
        var definitions: [TimerDefinition] = []
        for (name, timer) in timers.sorted(by: { $0.key < $1.key }) {
            let entry: Entry
            do {
                entry = try timer.decode(Entry.self)
            } catch {
                throw CallError(.invalidArguments, "timer '\(name)': \(error)")
            }
            if let problem = TimerModule.problems(in: entry).first {
                throw CallError(.invalidArguments, "timer '\(name)': \(problem.message)")
            }
            definitions.append(
                TimerDefinition(
                    name: name, event: entry.event ?? name, payload: entry.payload, priority: entry.priority,
                    every: entry.every?.duration, times: entry.at?.seconds ?? [], autostart: entry.autostart))
        }
        return definitions
    }
}
