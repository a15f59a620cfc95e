import Logging

/// One module instance to run: its type, instance name, config fragment and whether the daemon
/// can live without it.
public struct ModuleSpec: Sendable {
    /// The instance name, as in `name.method`.
    public let name: String
    /// The type's name, as in `type:` of the config; the Swift type's name when none was given.
    public var typeName: String { givenTypeName ?? describeType() }
    private let givenTypeName: String?
    private let describeType: @Sendable () -> String
    /// When `true`, a failed first start stops the daemon instead of being retried.
    public let required: Bool
    let makeHost: @Sendable (_ logger: Logger, _ stopTimeout: Duration) -> any ModuleHosting

    /// A module of type `M`, created with `M.init(context:)`.
    public init<M: Module>(
        _ type: M.Type, name: String, typeName: String? = nil, config: Value = [:], required: Bool = false
    ) {
        self.init(type, name: name, typeName: typeName, config: config, required: required) { try M(context: $0) }
    }

    /// A module of type `M` made by `factory`, which runs again for each restart after a failure.
    public init<M: Module>(
        _ type: M.Type, name: String, typeName: String? = nil, config: Value = [:], required: Bool = false,
        factory: @escaping @Sendable (ModuleContext) throws -> M
    ) {
        self.name = name
        self.givenTypeName = typeName
        self.describeType = { String(describing: M.self) }
        self.required = required
        self.makeHost = { logger, stopTimeout in
            ModuleHost<M>(
                name: name, typeName: typeName, required: required, config: config, logger: logger,
                stopTimeout: stopTimeout, factory: factory)
        }
    }
}
