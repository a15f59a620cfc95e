import Logging
import LooselyCoupledPOSIX
import Synchronization

/// Entities: the store's writes as `state_changed` events, and commands to their modules.
extension Runtime {
    /// The event every real change of an entity's state is broadcast as:
    /// `{entity, old, new, attributes}`.
    static let stateChanged = "state_changed"

    /// Stores a state `host` gives its entity `key`; while `host` is active, a change goes out as
    /// `state_changed`, waiting for room in the queue like any event.
    func writeState(_ key: String, _ state: Value, attributes: Value.Object, host: any ModuleHosting)
        async throws(CallError)
    {
        guard let change = try store(key, state, attributes: attributes, host: host) else { return }
        try await trigger(Self.stateChanged, change, priority: .normal, sender: host)
    }

    /// ``writeState(_:_:attributes:host:)`` without `await`: from a plain thread it waits for room
    /// as ``triggerFromThread(_:_:priority:sender:)`` does; inside a task, which must not block,
    /// a full queue drops the announcement (counted and logged), never the state.
    func writeStateWithoutAwaiting(_ key: String, _ state: Value, attributes: Value.Object, host: any ModuleHosting)
        throws(CallError)
    {
        guard let change = try store(key, state, attributes: attributes, host: host) else { return }
        if withUnsafeCurrentTask(body: { $0 == nil }) {
            try triggerFromThread(Self.stateChanged, change, priority: .normal, sender: host)
            return
        }
        guard let prepared = try prepareEvent(Self.stateChanged, change, priority: .normal, sender: host) else {
            return
        }
        guard gate.tryReserve(prepared.slots) else {
            dropped.add(1, ordering: .relaxed)
            logger.warning(
                "queue full: dropped a state_changed event; the state itself is stored",
                metadata: ["module": "\(host.name)", "entity": "\(host.name).\(key)"])
            return
        }
        _ = try commit(prepared)
    }

    /// Writes the state to the store, now; the `state_changed` payload if listeners are to hear.
    private func store(_ key: String, _ state: Value, attributes: Value.Object, host: any ModuleHosting)
        throws(CallError) -> Value?
    {
        try entities.write(
            module: host.name, key: key, state: state, attributes: attributes, announce: host.state == .active,
            now: Self.wallMilliseconds())
    }

    /// Broadcasts what listeners have to hear of `host`'s entities now that it is active, or now
    /// that it failed (`available: false`).
    func announceEntities(of host: any ModuleHosting, available: Bool) async {
        let changes = available ? entities.activated(module: host.name) : entities.madeUnavailable(module: host.name)
        for change in changes {
            do {
                try await trigger(Self.stateChanged, change, priority: .normal, sender: available ? host : nil)
            } catch {
                logger.error(
                    "cannot announce an entity's state", metadata: ["module": "\(host.name)", "error": "\(error)"])
            }
        }
    }

    /// A command to entity `id`: checked against its kind, then carried out by its module.
    func setEntity(_ id: String, to state: Value, attributes: Value.Object) async throws(CallError) -> Value {
        guard let (module, entity) = entities.lookup(id), let host = host(named: module) else {
            let hint = id.utf8.count > 256 ? "" : Suggestion.didYouMean(id, in: entities.ids).map { "; \($0)" } ?? ""
            throw CallError(.unknownEntity, "no entity '\(id.escapingControlCharacters())'\(hint)")
        }
        let checked = try EntityCommand.check(state, attributes: attributes, for: entity, id: id)
        return try await host.setEntity(entity.key, to: checked, attributes: attributes)
    }

    /// The wall clock in milliseconds since the epoch, as `last_changed` gives it.
    static func wallMilliseconds() -> Int64 {
        WallClock.now() / 1_000_000
    }
}
