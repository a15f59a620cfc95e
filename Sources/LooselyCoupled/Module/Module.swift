/// A module type: an actor that declares its methods, event handlers and repeating jobs in a
/// ``ModuleInterface``, and talks to the rest of the daemon through its ``ModuleContext``.
///
/// Because a module is an actor, its handlers never run in parallel with each other (they may
/// interleave at `await`), so its state needs no locks; different modules run in parallel.
///
/// ```swift
/// actor Doorbell: Module {
///     let context: ModuleContext
///     var rings = 0
///
///     init(context: ModuleContext) { self.context = context }
///
///     static let interface = ModuleInterface<Doorbell> {
///         Method("rings") { bell, _ in .int(bell.rings) }
///         On("gpio_press") { bell, event in
///             bell.rings += 1
///             try await bell.context.trigger("doorbell_rang", ["count": .int(bell.rings)])
///         }
///     }
/// }
/// ```
///
/// Lifecycle: `inactive → passive → active → passive → inactive`, or `failed`. ``start()`` makes
/// the module passive: it receives calls and events. ``activate()`` makes it active: it may also
/// send. The hooks have empty defaults.
public protocol Module: Actor {
    /// Creates an instance; throw to report a configuration the module cannot work with.
    /// A failed start (here or in ``start()``) is retried with a fresh instance.
    init(context: ModuleContext) throws

    /// The methods, event handlers and repeating jobs of this module type.
    static var interface: ModuleInterface<Self> { get }

    /// Acquires resources (devices, connections); afterwards the module receives calls and events.
    func start() async throws

    /// Called once every module has started; afterwards the module may send.
    func activate() async

    /// Called at shutdown before any module stops; afterwards the module no longer sends.
    func deactivate() async

    /// Releases resources; called in reverse start order, within the stop deadline.
    func stop() async

    /// Carries out a command to one of the module's settable entities (`set ENTITY STATE`):
    /// `key` is the part of the id after the module's name, `state` is already checked against
    /// the entity's kind (`on`, `off`, `toggle`, an effect, `press`, a number in range, an
    /// option), and `attributes` are the command's extras. Returns the module's answer. The
    /// default refuses with `read_only_entity`.
    func setEntity(_ key: String, to state: Value, attributes: Value.Object) async throws -> Value

    /// The executor the module's own tasks (its drain loop and repeating jobs) prefer, or `nil`
    /// for the shared pool. A module on a ``ModuleThread`` returns the thread's
    /// ``ModuleThread/taskExecutor``.
    nonisolated var taskExecutor: (any TaskExecutor)? { get }
}

extension Module {
    /// No methods, handlers or jobs.
    public static var interface: ModuleInterface<Self> { ModuleInterface() }
    /// Does nothing.
    public func start() async throws {}
    /// Does nothing.
    public func activate() async {}
    /// Does nothing.
    public func deactivate() async {}
    /// Does nothing.
    public func stop() async {}
    /// Refuses: the module takes no entity commands.
    public func setEntity(_ key: String, to state: Value, attributes: Value.Object) async throws -> Value {
        throw CallError(.readOnlyEntity, "\(key) takes no commands")
    }
    /// The shared pool.
    public nonisolated var taskExecutor: (any TaskExecutor)? { nil }
}
