extension DaemonConfig {
    /// The levels `logging.level` takes, lowest first; swift-log's `Logger.Level` names.
    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// The top-level keys other than the modules themselves. `modules` is declared so that it is
    /// a known key; its instances are validated one by one against their types' schemas.
    static let sections = Schema.object {
        Key(
            "logging",
            .object {
                Key("level", .choice(logLevels), default: "info", help: "the lowest level logged")
                Key(
                    "format", .choice(Logging.Format.allCases.map(\.rawValue)), default: "text",
                    help: "text or json lines on stderr")
            }, default: [:], help: "how the daemon logs")
        Key(
            "queue",
            .object {
                Key("capacity", .int(range: 1...), default: .int(Queue().capacity), help: "items the queue holds")
                Key(
                    "overflow", .choice(Queue.Overflow.allCases.map(\.rawValue)),
                    default: .string(Queue().overflow.rawValue), help: "what a full queue does to plain-thread senders")
                Key(
                    // Defaults are checked as a user's value would be: a duration with its unit.
                    "shutdown_timeout", .duration, default: .string("\(Queue().shutdownTimeout.components.seconds)s"),
                    help: "how long the ordered shutdown may take")
            }, default: [:], help: "the event and call queue")
        Key(
            "state_dir", .string(nonEmpty: true), default: .string(DaemonConfig.defaultStateDirectory),
            help: "where state that survives a restart is kept")
        Key("modules", .any, help: "module instances: name → type and the type's keys")
    }

    /// The keys every module instance takes besides its type's own.
    public static let moduleKeys: [Key] = [
        Key("type", .string(nonEmpty: true), required: true, help: "the module type"),
        Key("enabled", .bool, default: true, help: "whether the module runs"),
        Key("required", .bool, default: false, help: "whether the daemon exits when the module fails to start"),
    ]

    /// Whether `name` can name a module instance: an ASCII letter, then letters, digits, `_`
    /// and `-`, so that `name.method` is unambiguous.
    static func isValidModuleName(_ name: String) -> Bool {
        func isLetter(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
        }
        guard let first = name.unicodeScalars.first, isLetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }
}
