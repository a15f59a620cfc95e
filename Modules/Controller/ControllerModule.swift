import Logging
public import LooselyCoupled

/// The `controller` module type: automation rules in the config — `when` a trigger fires and
/// `if` the conditions hold, `do` the steps — in Home Assistant's model (run modes, traces),
/// checked by `looselycoupled check` before anything runs.
///
/// Methods: `run {rule}` (now, conditions skipped), `enable {rule}`, `disable {rule}`, `list`,
/// `trace {rule}` (its last 10 runs). Each rule is also a `switch` entity `MODULE.RULE`, on while
/// enabled.
///
/// Rules run in the module's isolation, each run a task of its own, so a `delay` or `wait` holds
/// up nothing else. Triggers are indexed: an event reaches only the rules with a trigger on its
/// name, or on a glob that matches it.
public actor ControllerModule: ConfiguredModule {
    /// The `type:` name in the config.
    public static let typeName = "controller"

    /// `rules`, by name; each rule is checked by ``problems(in:)``.
    public static let schema = Schema.object {
        Key("rules", .map(of: .any), default: [:], help: "automation rules by name: when, if, do, mode, max")
    }

    /// Every problem of the rules, at its path (see ``RuleParser``).
    public static func problems(in config: Value) -> [(path: ConfigPath, message: String)] {
        var parser = RuleParser()
        _ = parser.rules(in: config)
        return parser.problems
    }

    /// Each rule a `switch` entity, on while enabled.
    public static func entities(in config: Value) -> [Entity]? {
        var parser = RuleParser()
        let rules = parser.rules(in: config)
        return parser.problems.isEmpty ? entities(of: rules) : nil
    }

    private static func entities(of rules: [Rule]) -> [Entity] {
        rules.map { Entity(Entity.key(for: $0.name), kind: .switch, name: $0.name, restore: true) }
    }

    /// Every `call` and `enqueue` target, `set` and `state` entity of the rules, checked against
    /// what the config's modules declare: a module not in the config, a method its type does
    /// not have, an entity it will not declare or that cannot be set, a state its kind does not
    /// take. Entities of modules that declare theirs only at run time are checked at
    /// activation, with a logged error.
    public static func problems(in config: Value, among modules: DeclaredModules) -> [(
        path: ConfigPath, message: String
    )] {
        var parser = RuleParser()
        _ = parser.rules(in: config)
        return parser.references.compactMap { path, reference in
            switch reference {
            case .call(let target):
                return modules.problem(calling: target).map { (path, $0) }
            case .entity(let id):
                return modules.problem(withEntity: id).map { (path, $0) }
            case .set(let id, let state, let attributes, let step):
                return modules.problem(setting: id, to: state, attributes: attributes).map { message, part in
                    switch part {
                    case .entity: (path, message)
                    case .state: (step.appending("state"), message)
                    case .attribute(let name): (step.appending("attributes").appending(name), message)
                    }
                }
            }
        }
    }

    let context: ModuleContext
    let rules: [Rule]
    /// The entities the rules name, checked at activation against those declared by then.
    let entityReferences: [(rule: String, entity: String)]
    /// By rule: whether it is enabled, what runs, what waits, and its traces.
    var states: [RuleState]
    let index: TriggerIndex
    var waiters: [Int: Waiter] = [:]
    var nextID = 0
    /// `for` triggers waiting to see a state last, by rule and trigger.
    var lasting: [TriggerKey: Task<Void, Never>] = [:]
    /// The timers of `every` and `at` triggers while active.
    var clocks: [Task<Void, Never>] = []
    /// The event triggers each event name seen reaches, when some triggers are globs.
    var globMatches: [CodePointKey: [(Int, Int)]] = [:]
    /// The most event names ``globMatches`` keeps; event names are bounded (255 bytes), so this
    /// is at most about a megabyte.
    static let globCacheLimit = 4096
    /// How deep each transaction's chain of rule runs is, for the loop limit.
    var depths: [TransactionID: Int] = [:]
    var isActive = false
    /// `controller_run` events not sent yet, in the order the runs ended.
    var announcements: [(Int, Value)] = []
    var isAnnouncing = false

    /// The event each run's end is announced as: `{module, rule, outcome}`.
    static let runEvent = "controller_run"

    /// Now, as traces write times: local RFC 3339 with milliseconds.
    static func stamp() -> String { WallClock.rfc3339(WallClock.now(), utc: false) }

    /// The deepest a chain of rules triggering each other goes before it is stopped.
    static let depthLimit = 32
    /// The runs of each rule whose trace is kept.
    static let traceLimit = 10

    /// Reads the rules of the validated config.
    ///
    /// - Throws: `invalid_arguments` listing the problems of a config that skipped `check`.
    public init(context: ModuleContext) throws {
        var parser = RuleParser()
        let rules = parser.rules(in: context.config)
        guard parser.problems.isEmpty else {
            throw CallError(
                .invalidArguments,
                "the rules have problems: "
                    + parser.problems.map { "\($0.path): \($0.message)" }.joined(separator: "; "))
        }
        self.context = context
        self.rules = rules
        self.entityReferences = parser.references.compactMap { path, reference in
            guard case .key(let rule)? = path.components.dropFirst().first else { return nil }
            switch reference {
            case .entity(let id), .set(let id, _, _, _): return (rule, id)
            case .call: return nil
            }
        }
        self.states = rules.map { _ in RuleState() }
        self.index = TriggerIndex(rules)
    }

    /// The methods, event handlers and jobs of the module type (see ``Module/interface``).
    public static let interface = ModuleInterface<ControllerModule> {
        Method("run") { (module, arguments: RuleArgument) in try module.runNow(arguments.rule) }
        Method("enable") { (module, arguments: RuleArgument) in try await module.setEnabled(arguments.rule, true) }
        Method("disable") { (module, arguments: RuleArgument) in try await module.setEnabled(arguments.rule, false) }
        Method("list") { module in module.list() }
        Method("trace") { (module, arguments: RuleArgument) in try module.trace(arguments.rule) }
        On("*") { module, event in module.handle(event) }
    }

    /// `{"rule": NAME}`.
    struct RuleArgument: Decodable {
        let rule: String
    }

    // MARK: Lifecycle

    /// Declares each rule as a `switch` entity, on while enabled. A rule disabled before a
    /// restart of the module or the daemon (`disable`, or `set automations.RULE off`) stays
    /// disabled: the switches are restored from `state_dir`.
    public func start() async throws {
        try context.declare(Self.entities(of: rules))
        for (index, rule) in rules.enumerated() {
            let key = Entity.key(for: rule.name)
            states[index].enabled = context.savedState(key)?.state != "off"
            try await context.setState(key, states[index].enabled ? "on" : "off")
        }
    }

    /// Starts the `every` and `at` triggers' clocks.
    public func activate() async {
        isActive = true
        LocalTime.prepare()
        reportUndeclaredEntities()
        for (ruleIndex, rule) in rules.enumerated() {
            for (triggerIndex, trigger) in rule.triggers.enumerated() {
                switch trigger {
                case .every(let interval):
                    clocks.append(Task { await self.tick(every: interval, ruleIndex, triggerIndex) })
                case .at(let times):
                    clocks.append(Task { await self.tick(at: times, ruleIndex, triggerIndex) })
                case .event, .state:
                    break
                }
            }
        }
    }

    /// Logs each entity a rule names that no module has declared: one of a module that declares
    /// its entities only at run time, which `check` could not verify. Every module has started,
    /// and declared its entities, before any is activated.
    private func reportUndeclaredEntities() {
        var reported = Set<String>()
        for (rule, id) in entityReferences where context.entity(id) == nil && reported.insert(id).inserted {
            context.logger.error(
                "a rule names an entity no module has declared; its triggers, conditions and steps on it fail until one does",
                metadata: ["rule": "\(rule)", "entity": "\(id)"])
        }
    }

    /// Stops the clocks, the `for` timers and every run.
    public func deactivate() async {
        isActive = false
        for clock in clocks { clock.cancel() }
        clocks = []
        for timer in lasting.values { timer.cancel() }
        lasting = [:]
        for index in states.indices {
            for run in states[index].running.values { run.cancel() }
            states[index].queue = []
        }
        for waiter in waiters.values { waiter.continuation.resume(returning: nil) }
        waiters = [:]
    }

    /// A rule's entity command: `on` enables it, `off` disables it.
    public func setEntity(_ key: String, to state: Value, attributes: Value.Object) async throws -> Value {
        guard let index = rules.firstIndex(where: { Entity.key(for: $0.name) == key }) else {
            throw CallError(.readOnlyEntity, "\(context.name).\(key) is no rule")
        }
        let on = state == "toggle" ? !states[index].enabled : state == "on"
        return try await setEnabled(rules[index].name, on)
    }

    // MARK: Events

    func handle(_ event: Event) {
        handle(event.name, event.payload, metadata: event.metadata)
    }

    /// An event, from the queue or from one of this module's own rules (the queue does not bring
    /// a module its own events, and rules may trigger each other).
    func handle(_ name: String, _ payload: Value, metadata: ItemMetadata) {
        guard isActive else { return }
        if !waiters.isEmpty {
            for (id, waiter) in waiters where waiter.pattern.matches(name) && waiter.match.matches(payload) {
                waiters[id] = nil
                waiter.continuation.resume(returning: payload)
            }
        }
        if name == "state_changed" { stateChanged(payload, metadata: metadata) }
        let candidates = candidates(for: name)
        guard !candidates.isEmpty else { return }
        let eventContext: Value = [
            "event": [
                "name": .string(name), "payload": payload, "source": metadata.source.map(Value.string) ?? .null,
            ]
        ]
        for (ruleIndex, triggerIndex) in candidates {
            guard case .event(_, let match) = rules[ruleIndex].triggers[triggerIndex], match.matches(payload)
            else { continue }
            fire(ruleIndex, trigger: "event \(name)", context: eventContext, metadata: metadata)
        }
    }

    /// The event triggers that may fire for `name`: those on the name itself, and those whose
    /// glob matches it, found once per name and then kept (up to ``globCacheLimit`` names, then
    /// found afresh), so that an event costs one or two lookups however many rules there are.
    private func candidates(for name: String) -> [(Int, Int)] {
        guard index.hasGlobs else { return index.exact[CodePointKey(name)] ?? [] }
        if let found = globMatches[CodePointKey(name)] { return found }
        let found = index.candidates(for: name)
        if globMatches.count >= Self.globCacheLimit { globMatches.removeAll(keepingCapacity: true) }
        globMatches[CodePointKey(name)] = found
        return found
    }

    private func stateChanged(_ payload: Value, metadata: ItemMetadata) {
        guard let entity = payload["entity"]?.stringValue, let new = payload["new"] else { return }
        let old = payload["old"] ?? .null
        for (ruleIndex, triggerIndex) in index.stateTriggers[CodePointKey(entity)] ?? [] {
            guard case .state(_, let from, let to, let lasting) = rules[ruleIndex].triggers[triggerIndex] else {
                continue
            }
            let key = TriggerKey(rule: ruleIndex, trigger: triggerIndex)
            // A change of the entity's state ends a wait for it to last; a change of its
            // attributes alone (a light's effect) does not.
            let changed = !Matcher.same(old, new)
            if changed {
                self.lasting[key]?.cancel()
                self.lasting[key] = nil
            }
            // As in Home Assistant: with from or to, a change of attributes alone is no trigger.
            if !changed && (from != nil || to != nil) { continue }
            guard from.map({ Matcher.same($0, old) }) ?? true, to.map({ Matcher.same($0, new) }) ?? true else {
                continue
            }
            let stateContext: Value = [
                "event": ["name": "state_changed", "payload": payload],
                "trigger": ["entity": .string(entity), "from": old, "to": new],
            ]
            guard let lasting else {
                fire(ruleIndex, trigger: "state \(entity)", context: stateContext, metadata: metadata)
                continue
            }
            // Already waiting for this state to last.
            if !changed, self.lasting[key] != nil { continue }
            self.lasting[key] = Task {
                do {
                    try await Task.sleep(for: lasting)
                } catch {
                    return
                }
                self.lasted(key, entity: entity, state: new, context: stateContext, metadata: metadata)
            }
        }
    }

    private func lasted(
        _ key: TriggerKey, entity: String, state: Value, context stateContext: Value, metadata: ItemMetadata
    ) {
        lasting[key] = nil
        guard isActive, let now = context.entity(entity), Matcher.same(now.state, state) else { return }
        fire(key.rule, trigger: "state \(entity)", context: stateContext, metadata: metadata)
    }

    private func tick(every interval: Duration, _ ruleIndex: Int, _ triggerIndex: Int) async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            fire(ruleIndex, trigger: "every \(interval.configText)", context: [:], metadata: nil)
        }
    }

    private func tick(at times: [Int], _ ruleIndex: Int, _ triggerIndex: Int) async {
        while !Task.isCancelled {
            let now = LocalTime.now()
            guard let next = LocalTime.next(of: times, after: now) else { return }
            // At most 30 s at a time, so that a clock step is noticed.
            let wait = min(next - now, 30 * LocalTime.nanosecondsPerSecond)
            do {
                try await Task.sleep(for: .nanoseconds(wait))
            } catch {
                return
            }
            if LocalTime.now() >= next {
                let time = LocalTime.timeOfDay(LocalTime.clock(at: next).secondsOfDay)
                fire(ruleIndex, trigger: "at \(time)", context: [:], metadata: nil)
            }
        }
    }
}

/// A rule's trigger, as the index and the `for` timers name it.
struct TriggerKey: Hashable, Sendable {
    let rule: Int
    let trigger: Int
}

/// A run waiting in a `wait` step for an event.
struct Waiter {
    let pattern: GlobPattern
    let match: PayloadMatch
    let continuation: CheckedContinuation<Value?, Never>
}

/// The triggers on events, by exact name and by glob, and those on states, by entity.
struct TriggerIndex: Sendable {
    let exact: [CodePointKey: [(Int, Int)]]
    let globs: [(pattern: GlobPattern, rule: Int, trigger: Int)]
    let stateTriggers: [CodePointKey: [(Int, Int)]]

    init(_ rules: [Rule]) {
        var exact: [CodePointKey: [(Int, Int)]] = [:]
        var globs: [(pattern: GlobPattern, rule: Int, trigger: Int)] = []
        var states: [CodePointKey: [(Int, Int)]] = [:]
        for (ruleIndex, rule) in rules.enumerated() {
            for (triggerIndex, trigger) in rule.triggers.enumerated() {
                switch trigger {
                case .event(let pattern, _):
                    let glob = GlobPattern(pattern)
                    if glob.isLiteral {
                        exact[CodePointKey(pattern), default: []].append((ruleIndex, triggerIndex))
                    } else {
                        globs.append((glob, ruleIndex, triggerIndex))
                    }
                case .state(let entity, _, _, _):
                    states[CodePointKey(entity), default: []].append((ruleIndex, triggerIndex))
                case .every, .at:
                    break
                }
            }
        }
        self.exact = exact
        self.globs = globs
        self.stateTriggers = states
    }

    /// Whether any event trigger is a glob.
    var hasGlobs: Bool { !globs.isEmpty }

    /// The triggers that may fire for event `name`: one lookup, and the globs.
    func candidates(for name: String) -> [(Int, Int)] {
        var found = exact[CodePointKey(name)] ?? []
        for glob in globs where glob.pattern.matches(name) { found.append((glob.rule, glob.trigger)) }
        return found
    }
}
