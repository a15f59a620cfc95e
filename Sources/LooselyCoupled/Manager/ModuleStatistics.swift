/// One module's part of ``Statistics``.
public struct ModuleStatistics: Sendable, Hashable {
    /// Instance name.
    public var name: String
    /// Module type name.
    public var type: String
    /// Lifecycle state.
    public var state: ModuleState
    /// Deliveries waiting for this module.
    public var queueDepth: Int
    /// Deliveries this module handled.
    public var processed: Int
    /// Errors its handlers, methods and jobs threw.
    public var handlerErrors: Int
    /// Failed start attempts.
    public var startFailures: Int
    /// Entities the module declared.
    public var entities: Int = 0
}
