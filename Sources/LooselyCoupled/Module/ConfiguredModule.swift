/// A module type that the daemon's config can name: its `type:` name and config schema are on
/// the type itself, so the catalog, `looselycoupled check`, the daemon and tests all validate
/// and normalise a config the same way.
///
/// ```swift
/// extension Doorbell: ConfiguredModule {
///     static let typeName = "doorbell"
///     static let schema = Schema.object {
///         Key("button", .string(nonEmpty: true), required: true, help: "the gpio input that rings it")
///     }
/// }
/// // the catalog: ModuleType(Doorbell.self); a test: try Doorbell.config(yaml: "button: doorbell")
/// ```
public protocol ConfiguredModule: Module {
    /// The `type:` name in the config.
    static var typeName: String { get }
    /// What an instance's keys must look like (an object schema); defaults fill in what is absent.
    static var schema: Schema { get }
    /// What the schema cannot say about a config it accepted, each problem at its key path
    /// relative to the module (for example `timers.wake`). None by default.
    static func problems(in config: Value) -> [(path: ConfigPath, message: String)]
    /// The key under which the module's config gets the daemon's `state_dir`, for types that
    /// keep state across restarts; `nil` (the default) for the others.
    static var stateDirectoryKey: String? { get }
    /// The entities an instance with this validated config declares when it starts, known from
    /// the config alone, so that `check` can verify what other modules' rules refer to; `nil`
    /// (the default) when they are known only at run time. `nil` as well for a config
    /// ``problems(in:)`` finds fault with.
    static func entities(in config: Value) -> [Entity]?
    /// What is wrong with what this module's config refers to in other modules (methods it
    /// calls, entities it reads or sets), each problem at its key path relative to the module;
    /// `modules` describes every module of the config, this one included. None by default.
    static func problems(in config: Value, among modules: DeclaredModules) -> [(path: ConfigPath, message: String)]
}

extension ConfiguredModule {
    /// No problems beyond the schema's.
    public static func problems(in config: Value) -> [(path: ConfigPath, message: String)] { [] }

    /// No state across restarts.
    public static var stateDirectoryKey: String? { nil }

    /// Entities known only at run time.
    public static func entities(in config: Value) -> [Entity]? { nil }

    /// No references to other modules.
    public static func problems(in config: Value, among modules: DeclaredModules) -> [(
        path: ConfigPath, message: String
    )] { [] }

    /// An instance's config from YAML, validated by ``schema`` and ``problems(in:)`` and with its
    /// defaults filled in, as the daemon passes it to `init(context:)`: for tests and tools.
    ///
    /// - Throws: ``ConfigErrors``, one per problem: the schema's at their line and column in
    ///   `file`, those of ``problems(in:)`` by their key path (the daemon's catalog locates those
    ///   in the file too).
    public static func config(yaml: String, file: String = "\(Self.typeName).yaml") throws(ConfigErrors) -> Value {
        let config = try schema.validate(yaml: yaml, file: file)
        let problems = problems(in: config)
        guard problems.isEmpty else {
            throw ConfigErrors(
                problems.map { problem in
                    ConfigError(code: .badValue, file: file, mark: .start, path: problem.path, message: problem.message)
                })
        }
        return config
    }
}
