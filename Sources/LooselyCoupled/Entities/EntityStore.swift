/// Every declared entity and its state: the manager's store (DESIGN §2b).
///
/// Modules write it from any thread or task; one lock guards it, and each write decides under
/// that lock whether it is a change listeners must hear of, so `state_changed` goes out once per
/// change. What listeners last heard is kept per entity (`notified`): a module that fails has
/// its entities heard as `unavailable`, and when it runs again, each is heard once more with
/// whatever state the new instance gave it while starting.
final class EntityStore: Sendable {
    private struct Record: Sendable {
        let module: String
        var entity: Entity
        /// `nil` until the module writes a state.
        var state: Value?
        var attributes: Value.Object = [:]
        var lastChanged: Int64?
        var lastUpdated: Int64?
        /// The state `state_changed` last announced; `nil` before the module first ran.
        var notified: Value?
    }

    private struct Contents: Sendable {
        var records: [Record] = []
        /// By id, code point for code point.
        var index: [CodePointKey: Int] = [:]

        mutating func reindex() {
            index = Dictionary(
                records.enumerated().map { (CodePointKey("\($1.module).\($1.entity.key)"), $0) },
                uniquingKeysWith: { first, _ in first })
        }
    }

    private let contents = Locked(Contents())

    static let unavailable: Value = "unavailable"
    static let unknown: Value = "unknown"

    // MARK: Declaring

    /// Replaces `module`'s entities with `entities`, in place: an entity declared again with the
    /// same key and kind keeps its state.
    func declare(module: String, _ entities: [Entity]) throws(CallError) {
        var keys = Set<CodePointKey>()
        for entity in entities {
            if let problem = Entity.problem(inKey: entity.key) {
                throw CallError(.invalidArguments, "module '\(module)': \(problem)")
            }
            guard keys.insert(CodePointKey(entity.key)).inserted else {
                throw CallError(.invalidArguments, "module '\(module)' declares entity '\(entity.key)' twice")
            }
        }
        contents.withLock { contents in
            var kept: [CodePointKey: Record] = [:]
            for record in contents.records where record.module == module {
                kept[CodePointKey(record.entity.key)] = record
            }
            // The module's entities stay where they were among the others' (config order).
            let position = contents.records.firstIndex { $0.module == module } ?? contents.records.count
            contents.records.removeAll { $0.module == module }
            let fresh = entities.map { entity -> Record in
                guard var old = kept[CodePointKey(entity.key)], old.entity.kind == entity.kind else {
                    return Record(module: module, entity: entity)
                }
                old.entity = entity
                return old
            }
            contents.records.insert(contentsOf: fresh, at: min(position, contents.records.count))
            contents.reindex()
        }
    }

    /// Forgets `module`'s entities (the module was removed from the config).
    func remove(module: String) {
        contents.withLock { contents in
            contents.records.removeAll { $0.module == module }
            contents.reindex()
        }
    }

    // MARK: Writing

    /// Stores `state` for `module`'s entity `key`, stamped `now` (milliseconds since the epoch).
    ///
    /// - Parameter announce: Whether listeners may hear of it now (the module is active).
    /// - Returns: The `state_changed` payload to broadcast, or `nil` when listeners already know
    ///   this state (or may not hear yet).
    func write(module: String, key: String, state: Value, attributes: Value.Object, announce: Bool, now: Int64)
        throws(CallError) -> Value?
    {
        let outcome = contents.withLock { contents -> Result<Value?, CallError> in
            guard let index = contents.index[CodePointKey("\(module).\(key)")] else {
                let keys = contents.records.filter { $0.module == module }.map(\.entity.key)
                return .failure(
                    CallError(
                        .invalidArguments,
                        "module '\(module)' declared no entity '\(key)' (entities: \(keys.isEmpty ? "none" : keys.joined(separator: ", ")))"
                    ))
            }
            var record = contents.records[index]
            let isEvent = record.entity.kind == .event
            if isEvent || record.state != state { record.lastChanged = now }
            record.lastUpdated = now
            let attributesChanged = record.attributes != attributes
            record.state = state
            record.attributes = attributes
            var payload: Value?
            if announce, isEvent || record.notified != state || attributesChanged {
                payload = Self.change(record, from: record.notified ?? .null)
                record.notified = state
            }
            contents.records[index] = record
            return .success(payload)
        }
        return try outcome.get()
    }

    /// `module` became active: what listeners must hear of its entities, which changed while it
    /// was not running. The first time a module runs, its initial states are no change.
    func activated(module: String) -> [Value] {
        contents.withLock { contents in
            var changes: [Value] = []
            for index in contents.records.indices where contents.records[index].module == module {
                let current = contents.records[index].state ?? Self.unknown
                guard let heard = contents.records[index].notified else {
                    contents.records[index].notified = current
                    continue
                }
                guard heard != current else { continue }
                changes.append(Self.change(contents.records[index], from: heard))
                contents.records[index].notified = current
            }
            return changes
        }
    }

    /// `module` stopped running (it failed): its entities are heard as `unavailable`.
    func madeUnavailable(module: String) -> [Value] {
        contents.withLock { contents in
            var changes: [Value] = []
            for index in contents.records.indices where contents.records[index].module == module {
                guard let heard = contents.records[index].notified, heard != Self.unavailable else { continue }
                let record = contents.records[index]
                changes.append(
                    [
                        "entity": .string("\(record.module).\(record.entity.key)"), "old": heard,
                        "new": Self.unavailable, "attributes": [:],
                    ])
                contents.records[index].notified = Self.unavailable
            }
            return changes
        }
    }

    private static func change(_ record: Record, from old: Value) -> Value {
        [
            "entity": .string("\(record.module).\(record.entity.key)"), "old": old, "new": record.state ?? unknown,
            "attributes": .object(record.attributes),
        ]
    }

    // MARK: Reading

    /// The owner and description of entity `id`, or `nil`.
    func lookup(_ id: String) -> (module: String, entity: Entity)? {
        contents.withLock { contents in
            contents.index[CodePointKey(id)].map { (contents.records[$0].module, contents.records[$0].entity) }
        }
    }

    /// Every id, for "did you mean".
    var ids: [String] {
        contents.withLock { $0.records.map { "\($0.module).\($0.entity.key)" } }
    }

    /// How many entities `module` declared.
    func count(of module: String) -> Int {
        contents.withLock { $0.records.reduce(0) { $0 + ($1.module == module ? 1 : 0) } }
    }

    /// The entities whose id `pattern` matches (all without one), in config order; an entity of
    /// a module for which `isRunning` is false reads `unavailable`.
    func snapshot(matching pattern: GlobPattern?, isRunning: (String) -> Bool) -> [EntitySnapshot] {
        let records = contents.withLock { $0.records }
        var running: [String: Bool] = [:]
        return records.compactMap { record in
            let id = "\(record.module).\(record.entity.key)"
            if let pattern, !pattern.matches(id) { return nil }
            let available = running[record.module] ?? isRunning(record.module)
            running[record.module] = available
            return EntitySnapshot(
                id: id, module: record.module, entity: record.entity,
                state: available ? record.state ?? Self.unknown : Self.unavailable,
                attributes: available ? record.attributes : [:], lastChanged: record.lastChanged,
                lastUpdated: record.lastUpdated)
        }
    }
}
