/// The type-erased face of a ``ModuleHost``: what the runtime needs of every module instance.
protocol ModuleHosting: AnyObject, Sendable {
    var name: String { get }
    var typeName: String { get }
    var required: Bool { get }
    /// The config section the host runs its module with.
    var config: Value { get }
    /// `ObjectIdentifier` of the module's Swift type, which work posted to it must name.
    var moduleType: ObjectIdentifier { get }
    var state: ModuleState { get }
    /// Returns once the module is in `state`, or when the task is cancelled.
    func wait(for state: ModuleState) async
    var mailbox: Mailbox { get }
    var methodNames: [String] { get }
    var eventPatterns: [String] { get }
    var statistics: ModuleStatistics { get }

    func methodIndex(_ method: String) -> Int?
    func handlerIndex(for event: String) -> Int?
    /// Method `index` of the running instance; `moduleNotReady` unless it takes calls.
    func method(_ index: Int) throws(CallError) -> BoundMethod

    /// Hands an entity command to the running instance (``Module/setEntity(_:to:attributes:)``).
    func setEntity(_ key: String, to state: Value, attributes: Value.Object) async throws(CallError) -> Value

    func start(runtime: Runtime) async throws
    func activate() async
    func deactivate() async
    func stop(runtime: Runtime) async
    func markFailed()
}

/// A method of a running module instance, bound to it: ``invoke(_:)`` runs the body on the
/// module's actor and turns a handler's error into a ``CallError``. It starts on the caller's
/// executor, so a synchronous call hops to the module's actor and back, nothing more.
///
/// A class with an override, rather than a closure or a protocol: a stored async closure is
/// called through reabstraction thunks (one of which ran it on the global executor: two more
/// hops), and a protocol witness is one more async frame, on every call. `@unchecked` only
/// because a non-final class cannot be checked; it and its one subclass hold only `let`s of
/// `Sendable` types.
@usableFromInline
class BoundMethod: @unchecked Sendable {
    /// Overridden by the subclass; the base is never instantiated.
    @usableFromInline
    func invoke(_ arguments: Value) async throws(CallError) -> Value {
        throw CallError(.moduleNotReady, "method not bound")
    }
}
