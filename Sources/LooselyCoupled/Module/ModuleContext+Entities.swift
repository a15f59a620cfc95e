/// Entities (DESIGN §2b): what the module observes and controls, each with a state.
extension ModuleContext {
    /// Declares the module's entities, replacing those it declared before; call it in
    /// ``Module/start()``. Ids are `MODULE.KEY`. A restarted instance declares them again, and an
    /// entity declared again with the same key and kind keeps its state.
    ///
    /// - Throws: `invalid_arguments` for a key that is not 1 to 64 of `a-z`, `0-9` and `_`, or
    ///   one given twice.
    public func declare(_ entities: [Entity]) throws(CallError) {
        try runtime.entities.declare(module: host.name, entities)
    }

    /// Writes the state of entity `key` (and its attributes). A write that changes the state or
    /// the attributes, while the module is active, is broadcast as
    /// `state_changed {entity, old, new, attributes}`, once; writing the same again is no change.
    /// A state written while starting is the entity's initial state. Suspends while the queue is
    /// full, as `trigger` does.
    ///
    /// - Throws: `invalid_arguments` when the module declared no entity `key`.
    public func setState(_ key: String, _ state: Value, attributes: Value.Object = [:]) async throws(CallError) {
        try await runtime.writeState(key, state, attributes: attributes, host: host)
    }

    /// `setState` from any thread, without `await`. From a plain thread
    /// it waits for room in a full queue as the plain-thread `trigger` does; called inside
    /// a task it cannot wait, and a full queue drops the `state_changed` event (counted in
    /// `dropped` and logged), never the state.
    public func setState(_ key: String, _ state: Value, attributes: Value.Object = [:]) throws(CallError) {
        try runtime.writeStateWithoutAwaiting(key, state, attributes: attributes, host: host)
    }
}

extension ModuleContext {
    /// The last state of entity `key`, declared with `restore: true`: its state now if it has one
    /// (the module restarted after a failure or for a reload), else the one `state_dir` kept from
    /// the daemon's last run; `nil` when there is neither. Call it after ``declare(_:)``, to
    /// start the entity in that state.
    public func savedState(_ key: String) -> (state: Value, attributes: Value.Object)? {
        runtime.entities.savedState(module: host.name, key: key)
    }
}

extension ModuleContext {
    /// Entity `id` (any module's) with its state now: `unavailable` while its module is not
    /// running; `nil` when there is no such entity.
    public func entity(_ id: String) -> EntitySnapshot? {
        runtime.entities.snapshot(of: id) { module in runtime.host(named: module)?.state.isReceiving ?? false }
    }

    /// Sends a command to entity `id` (any module's), as `looselycoupled set` does: checked
    /// against its kind, then carried out by its module, whose answer it returns.
    ///
    /// - Throws: `unknown_entity`, `read_only_entity`, `invalid_state`, `module_not_ready`, or the
    ///   owning module's own error.
    public func setEntity(_ id: String, to state: Value, attributes: Value.Object = [:]) async throws(CallError)
        -> Value
    {
        try await runtime.setEntity(id, to: state, attributes: attributes)
    }
}
