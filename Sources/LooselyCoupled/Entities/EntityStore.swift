import Logging

/// Every declared entity and its state: the manager's store (DESIGN §2b).
///
/// Entities declared with `restore` are saved, each module's in one file in `state_dir`
/// (`entities-MODULE.json`, replaced atomically), whenever one of their states changes; a new
/// instance gets the last one back with ``savedState(module:key:)``.
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
    /// Where restore entities are saved; `nil` saves nothing.
    private let stateDirectory: String?
    private let logger: Logger
    /// Each module's state file, and what it held when the daemon started, by module.
    private let files = Locked<[String: (file: StateFile, saved: Value.Object)]>([:])

    init(stateDirectory: String? = nil, logger: Logger = Logger(label: "looselycoupled")) {
        self.stateDirectory = stateDirectory
        self.logger = logger
    }

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
        let outcome = contents.withLock { contents -> Result<(Value?, Value.Object?), CallError> in
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
            let persist = record.entity.restore && (attributesChanged || record.lastChanged == now)
            return .success((payload, persist ? Self.restorable(contents.records, of: module) : nil))
        }
        let (payload, restorable) = try outcome.get()
        if let restorable { save(restorable, of: module) }
        return payload
    }

    // MARK: Restoring

    /// The states of `module`'s restore entities, as its state file keeps them.
    private static func restorable(_ records: [Record], of module: String) -> Value.Object {
        var saved: Value.Object = [:]
        for record in records where record.module == module && record.entity.restore {
            guard let state = record.state else { continue }
            saved[record.entity.key] = ["state": state, "attributes": .object(record.attributes)]
        }
        return saved
    }

    private func file(of module: String) -> (file: StateFile, saved: Value.Object)? {
        guard let stateDirectory else { return nil }
        return files.withLock { files in
            if let known = files[module] { return known }
            let file = StateFile(directory: stateDirectory, name: "entities-\(module).json", logger: logger)
            let content = file.load(otherwise: "the module's entities start as it sets them")
            let loaded = (file, content?["entities"]?.objectValue ?? [:])
            files[module] = loaded
            return loaded
        }
    }

    private func save(_ states: Value.Object, of module: String) {
        file(of: module)?.file.save(["version": 1, "entities": .object(states)])
    }

    /// The state `module`'s restore entity `key` had last: its state now if it has one (the
    /// module restarted), else what `state_dir` kept from the daemon's last run; `nil` if neither.
    func savedState(module: String, key: String) -> (state: Value, attributes: Value.Object)? {
        let current = contents.withLock { contents -> (Value, Value.Object)? in
            guard let index = contents.index[CodePointKey("\(module).\(key)")],
                let state = contents.records[index].state
            else { return nil }
            return (state, contents.records[index].attributes)
        }
        if let current { return current }
        guard let saved = file(of: module)?.saved[key], let state = saved["state"] else { return nil }
        return (state, saved["attributes"]?.objectValue ?? [:])
    }

    /// Returns once every saved state is on disk.
    func flush() async {
        for file in files.withLock({ $0.values.map(\.file) }) { await file.flush() }
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

    /// Entity `id` now, or `nil` for no such entity; it reads `unavailable` when `isRunning` says
    /// its module is not running.
    func snapshot(of id: String, isRunning: (String) -> Bool) -> EntitySnapshot? {
        guard
            let record = contents.withLock({ contents in contents.index[CodePointKey(id)].map { contents.records[$0] } }
            )
        else { return nil }
        let available = isRunning(record.module)
        return EntitySnapshot(
            id: id, module: record.module, entity: record.entity,
            state: available ? record.state ?? Self.unknown : Self.unavailable,
            attributes: available ? record.attributes : [:], lastChanged: record.lastChanged,
            lastUpdated: record.lastUpdated)
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
