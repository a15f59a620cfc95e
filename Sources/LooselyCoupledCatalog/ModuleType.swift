public import LooselyCoupled

/// One module type the daemon can run: its `type:` name, the schema its config is validated
/// against, the checks the schema cannot express, and how to make an instance.
///
/// ```swift
/// ModuleType(TimerModule.self, name: "timer", schema: TimerModule.schema, check: TimerModule.problems)
/// ```
public struct ModuleType: Sendable {
    /// A problem in a validated config that the schema cannot express, located by its key path
    /// relative to the module instance (for example `timers.wake`).
    public typealias Problem = (path: ConfigPath, message: String)

    /// The `type:` name in the config.
    public let name: String
    /// The keys an instance takes besides `type`, `enabled` and `required`.
    public let schema: Schema
    /// Whether the schema has a `backend` key, which `--simulate` sets to `simulated`.
    public let hasBackend: Bool
    /// The key under which the module's config receives the daemon's `state_dir`, for types
    /// that keep state across restarts; `nil` for the others. Not a schema key: users cannot
    /// set it per module.
    public let stateDirectoryKey: String?
    /// The methods of the type, for references from other modules' configs.
    public let methodNames: [String]
    let check: @Sendable (Value) -> [Problem]
    let entities: @Sendable (Value) -> [Entity]?
    let checkReferences: @Sendable (Value, DeclaredModules) -> [Problem]
    let makeSpec: @Sendable (_ name: String, _ config: Value, _ required: Bool) -> ModuleSpec

    /// The module type `M`, named `name` in configs.
    ///
    /// - Parameters:
    ///   - type: The module's Swift type; instances are made with `init(context:)`.
    ///   - name: The `type:` name.
    ///   - schema: What an instance's keys must look like (an object schema).
    ///   - check: Further checks of a config the schema accepted; `check` reports their
    ///     problems like schema errors, before anything starts.
    ///   - stateDirectoryKey: Where the instance's config gets the daemon's `state_dir`, if the
    ///     type saves state.
    ///   - entities: The entities an instance with a config declares, or `nil` when they are
    ///     known only at run time.
    ///   - checkReferences: The problems of what an instance's config refers to in the other
    ///     modules of the config.
    public init<M: Module>(
        _ type: M.Type, name: String, schema: Schema, check: @escaping @Sendable (Value) -> [Problem] = { _ in [] },
        stateDirectoryKey: String? = nil, entities: @escaping @Sendable (Value) -> [Entity]? = { _ in nil },
        checkReferences: @escaping @Sendable (Value, DeclaredModules) -> [Problem] = { _, _ in [] }
    ) {
        self.name = name
        self.schema = schema
        self.hasBackend = schema.keys?.contains { $0.name == "backend" } ?? false
        self.stateDirectoryKey = stateDirectoryKey
        self.methodNames = M.interface.methodNames
        self.check = check
        self.entities = entities
        self.checkReferences = checkReferences
        self.makeSpec = { instance, config, required in
            ModuleSpec(M.self, name: instance, typeName: name, config: config, required: required)
        }
    }

    /// The module type `M`, with the `type:` name, schema, checks, state key and entities it
    /// declares.
    ///
    /// ```swift
    /// ModuleCatalog.builtIn + [ModuleType(Doorbell.self)]
    /// ```
    public init<M: ConfiguredModule>(_ type: M.Type) {
        self.init(
            type, name: M.typeName, schema: M.schema, check: { M.problems(in: $0) },
            stateDirectoryKey: M.stateDirectoryKey, entities: { M.entities(in: $0) },
            checkReferences: { M.problems(in: $0, among: $1) })
    }
}
