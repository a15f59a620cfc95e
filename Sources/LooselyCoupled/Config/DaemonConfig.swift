public import Logging

/// The daemon's whole configuration, validated: logging, the queue, the state directory and the
/// module instances in file order.
///
/// ```swift
/// let config = try DaemonConfig.load(path: "/etc/looselycoupled.yaml", knownTypes: [
///     "timer": TimerModule.schema,
///     "gpio": GPIOModule.schema,
/// ])
/// for module in config.modules where module.enabled {
///     // module.config is module.type's keys, validated, defaults filled in
/// }
/// ```
///
/// The file's top-level keys, all optional (an empty file is a valid config):
///
/// ```yaml
/// logging:
///   level: info            # trace, debug, info, notice, warning, error, critical
///   format: text           # text or json (one object per line)
/// queue:
///   capacity: 10000        # at least 1
///   overflow: block        # block or drop_oldest
///   shutdown_timeout: 5s
/// state_dir: /var/lib/looselycoupled
/// modules:
///   panel:                 # letters, digits, _ and -, starting with a letter
///     type: gpio           # required; looked up in knownTypes
///     enabled: true        # default true; a disabled module is still validated
///     required: false      # default false
///     chip: gpiochip0      # ...and the type's own keys
/// ```
public struct DaemonConfig: Sendable, Hashable {
    /// Where the daemon looks for its config when given none.
    public static let defaultPath = "/etc/looselycoupled.yaml"

    /// The file the config came from, as the user gave it.
    public var file: String
    /// How the daemon logs.
    public var logging: Logging
    /// The event and call queue.
    public var queue: Queue
    /// Where state that survives a restart is kept (`state_dir`).
    public var stateDir: String
    /// `state_dir` when the config does not set it: the package's state directory.
    public static let defaultStateDirectory = "/var/lib/looselycoupled"
    /// The module instances, in the order of the file, which is the order they start in.
    public var modules: [ModuleEntry]

    /// A config of the given parts; every part has the default a config file gets without it.
    public init(
        file: String = DaemonConfig.defaultPath,
        logging: Logging = Logging(),
        queue: Queue = Queue(),
        stateDir: String = DaemonConfig.defaultStateDirectory,
        modules: [ModuleEntry] = []
    ) {
        self.file = file
        self.logging = logging
        self.queue = queue
        self.stateDir = stateDir
        self.modules = modules
    }

    /// The `logging` section.
    public struct Logging: Sendable, Hashable {
        /// How log records are written to stderr.
        public enum Format: String, Sendable, Hashable, CaseIterable {
            /// One readable line per record: level, module, message, metadata.
            case text
            /// One JSON object per line, for log shippers.
            case json
        }

        /// The lowest level logged (`level`: trace, debug, info, notice, warning, error or
        /// critical; default info).
        public var level: Logger.Level
        /// How records are written (`format`: text or json; default text).
        public var format: Format

        /// Logging at `level` in `format`.
        public init(level: Logger.Level = .info, format: Format = .text) {
            self.level = level
            self.format = format
        }
    }

    /// The `queue` section.
    public struct Queue: Sendable, Hashable {
        /// What a sender on a plain thread does when the queue is full.
        public enum Overflow: String, Sendable, Hashable, CaseIterable {
            /// Wait until there is room (`block`).
            case block
            /// Drop the oldest item of the lowest priority, counted and logged (`drop_oldest`).
            case dropOldest = "drop_oldest"
        }

        /// How many items the queue holds (`capacity`, at least 1; default 10000).
        public var capacity: Int
        /// What happens when it is full (`overflow`; default block).
        public var overflow: Overflow
        /// How long the ordered shutdown may take before the daemon gives up on stragglers
        /// (`shutdown_timeout`; default 5s).
        public var shutdownTimeout: Duration

        /// A queue of `capacity` items. The defaults are the manager's own
        /// (``ModuleManager/Configuration``), written there once; the schema takes them from here.
        public init(
            capacity: Int = ModuleManager.Configuration().queueCapacity, overflow: Overflow = .block,
            shutdownTimeout: Duration = ModuleManager.Configuration().shutdownTimeout
        ) {
            self.capacity = capacity
            self.overflow = overflow
            self.shutdownTimeout = shutdownTimeout
        }
    }

    /// One module instance under `modules:`.
    public struct ModuleEntry: Sendable, Hashable {
        /// The instance name, the key under `modules:`; used in `name.method` and as event source.
        public var name: String
        /// The module type (`type`).
        public var type: String
        /// Whether it runs (`enabled`; default true).
        public var enabled: Bool
        /// Whether the daemon exits when it fails to start (`required`; default false).
        public var required: Bool
        /// The type's own keys, validated against its schema, defaults filled in; without
        /// `type`, `enabled` and `required`.
        public var config: Value
        /// Where the instance's name stands in the file, for errors found later.
        public var mark: Mark

        /// An instance `name` of `type`.
        public init(
            name: String, type: String, enabled: Bool = true, required: Bool = false, config: Value = [:],
            mark: Mark = .start
        ) {
            self.name = name
            self.type = type
            self.enabled = enabled
            self.required = required
            self.config = config
            self.mark = mark
        }
    }
}
