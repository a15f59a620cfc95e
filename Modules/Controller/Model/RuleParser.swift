import LooselyCoupled

/// Reads a controller's `rules` into ``Rule``s, and finds every problem in them that `check`
/// reports: each at its config path, relative to the module, with "did you mean" for a
/// misspelt key. A rule with a problem is left out; the others are read.
struct RuleParser {
    private(set) var problems: [(path: ConfigPath, message: String)] = []
    /// What the rules refer to in other modules, each at its path, for `check` to verify
    /// against what the modules declare.
    private(set) var references: [(path: ConfigPath, reference: Reference)] = []

    /// A method or entity a rule names.
    enum Reference {
        /// A `call` or `enqueue` target, `MODULE.METHOD`.
        case call(String)
        /// A `set` step: its entity, and its state and attributes unless a template makes them,
        /// with the step's path.
        case set(String, state: Value?, attributes: Value.Object, step: ConfigPath)
        /// A `state` trigger's or condition's entity.
        case entity(String)
    }

    /// The longest a `delay`, `wait` timeout, `for` or `every` may be.
    static let longest: Duration = .seconds(366 * 86_400)
    static let weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// The rules of a controller's config (`{rules: {NAME: {when, if, do, mode, max}}}`).
    mutating func rules(in config: Value) -> [Rule] {
        guard case .object(let rules)? = config["rules"] else {
            if config["rules"] != nil { report(ConfigPath([.key("rules")]), "expected a mapping of rules by name") }
            return []
        }
        // Each rule is a switch entity keyed by its name: two names may not make one key.
        for (path, message) in Entity.keyConflicts(
            rules.keys.map { name in
                (ConfigPath([.key("rules"), .key(name)]), "rule '\(name)'", [Entity.key(for: name)])
            })
        {
            report(path, message)
        }
        return rules.compactMap { name, rule in
            self.rule(name, rule, at: ConfigPath([.key("rules"), .key(name)]))
        }
    }

    private mutating func rule(_ name: String, _ value: Value, at path: ConfigPath) -> Rule? {
        let before = problems.count
        guard let keys = object(value, at: path, keys: ["when", "if", "do", "mode", "max"], required: ["when", "do"])
        else { return nil }
        let triggers = list(keys["when"], at: path.appending("when")).compactMap { self.trigger($0.value, at: $0.path) }
        let conditions = keys["if"].map { conditionList($0, at: path.appending("if")) } ?? []
        let actions = actionList(keys["do"] ?? .null, at: path.appending("do"))
        var mode = RunMode.single
        if let written = keys["mode"] {
            if let parsed = written.stringValue.flatMap(RunMode.init(rawValue:)) {
                mode = parsed
            } else {
                report(path.appending("mode"), "expected one of single, restart, queued, parallel")
            }
        }
        var max = 10
        if let written = keys["max"] {
            // Single and restart take max too (the issue's example does), and need none.
            if case .int(let value) = written, (1...1000).contains(value) {
                max = value
            } else {
                report(path.appending("max"), "expected an integer from 1 to 1000")
            }
        }
        guard problems.count == before else { return nil }
        return Rule(name: name, triggers: triggers, conditions: conditions, actions: actions, mode: mode, max: max)
    }

    // MARK: Triggers

    private mutating func trigger(_ value: Value, at path: ConfigPath) -> Trigger? {
        guard let kind = kind(of: value, at: path, among: ["event", "state", "every", "at"]) else { return nil }
        switch kind {
        case "event":
            guard let keys = object(value, at: path, keys: ["event", "match"], required: ["event"]),
                let pattern = eventName(keys["event"], at: path.appending("event"), pattern: true)
            else { return nil }
            return .event(pattern: pattern, match: match(keys["match"], at: path.appending("match")))
        case "state":
            guard let keys = object(value, at: path, keys: ["state", "from", "to", "for"], required: ["state"]),
                let entity = entityID(keys["state"], at: path.appending("state"))
            else { return nil }
            references.append((path.appending("state"), .entity(entity)))
            let lasting = keys["for"].flatMap { duration($0, at: path.appending("for")) }
            return .state(entity: entity, from: keys["from"], to: keys["to"], for: lasting)
        case "every":
            guard let keys = object(value, at: path, keys: ["every"], required: ["every"]),
                let interval = duration(keys["every"] ?? .null, at: path.appending("every"), least: .milliseconds(1))
            else { return nil }
            return .every(interval)
        default:
            guard let keys = object(value, at: path, keys: ["at"], required: ["at"]) else { return nil }
            let written = keys["at"] ?? .null
            let times = written.arrayValue ?? [written]
            var seconds: [Int] = []
            for (index, time) in times.enumerated() {
                guard case .string = time, let parsed = time.timeOfDayValue else {
                    let where_ =
                        written.arrayValue == nil ? path.appending("at") : path.appending("at").appending(index: index)
                    report(where_, "expected a time of day such as 07:30, got \(time)")
                    continue
                }
                seconds.append(parsed)
            }
            return seconds.isEmpty ? nil : .at(seconds)
        }
    }

    private mutating func match(_ value: Value?, at path: ConfigPath) -> PayloadMatch {
        guard let value else { return .all }
        guard case .object(let fields) = value else {
            report(path, "expected a mapping of payload fields to values or tests (in, above, below, not, regex)")
            return .all
        }
        var matchers: [(key: String, matcher: Matcher)] = []
        for (key, test) in fields {
            do throws(MatcherError) {
                matchers.append((key, try Matcher(test)))
            } catch {
                report(path.appending(key).appending(error.key), error.message)
            }
        }
        return PayloadMatch(fields: matchers)
    }

    // MARK: Conditions

    private mutating func conditionList(_ value: Value, at path: ConfigPath) -> [Condition] {
        list(value, at: path).compactMap { self.condition($0.value, at: $0.path) }
    }

    private mutating func condition(_ value: Value, at path: ConfigPath) -> Condition? {
        guard let kind = kind(of: value, at: path, among: ["state", "time", "all", "any", "not"]) else { return nil }
        switch kind {
        case "state":
            guard let keys = object(value, at: path, keys: ["state", "is"], required: ["state", "is"]),
                let entity = entityID(keys["state"], at: path.appending("state")), let state = keys["is"]
            else { return nil }
            references.append((path.appending("state"), .entity(entity)))
            return .state(entity: entity, is: state)
        case "time":
            guard let keys = object(value, at: path, keys: ["time"], required: ["time"]),
                let window = object(
                    keys["time"] ?? .null, at: path.appending("time"), keys: ["after", "before", "weekdays"])
            else { return nil }
            let timePath = path.appending("time")
            var bounds: [String: Int] = [:]
            for key in ["after", "before"] {
                guard let written = window[key] else { continue }
                guard case .string = written, let seconds = written.timeOfDayValue else {
                    report(timePath.appending(key), "expected a time of day such as 18:00, got \(written)")
                    continue
                }
                bounds[key] = seconds
            }
            var days = Set<Int>()
            if let written = window["weekdays"] {
                for (index, day) in list(written, at: timePath.appending("weekdays")).enumerated() {
                    guard let name = day.value.stringValue, let number = Self.weekdays.firstIndex(of: name) else {
                        let hint = day.value.stringValue.flatMap { Suggestion.didYouMean($0, in: Self.weekdays) }
                        report(
                            timePath.appending("weekdays").appending(index: index),
                            "expected one of \(Self.weekdays.joined(separator: ", "))" + (hint.map { "; \($0)" } ?? ""))
                        continue
                    }
                    days.insert(number)
                }
            }
            return .time(after: bounds["after"], before: bounds["before"], weekdays: days)
        default:
            guard let keys = object(value, at: path, keys: [kind], required: [kind]) else { return nil }
            let inner = conditionList(keys[kind] ?? .null, at: path.appending(kind))
            switch kind {
            case "all": return .all(inner)
            case "any": return .any(inner)
            default: return .not(inner)
            }
        }
    }

    // MARK: Actions

    private mutating func actionList(_ value: Value, at path: ConfigPath) -> [Action] {
        list(value, at: path).compactMap { self.action($0.value, at: $0.path) }
    }

    private mutating func action(_ value: Value, at path: ConfigPath) -> Action? {
        let kinds = ["set", "call", "enqueue", "trigger", "delay", "wait", "if", "repeat"]
        guard let kind = kind(of: value, at: path, among: kinds) else { return nil }
        switch kind {
        case "set":
            guard
                let keys = object(value, at: path, keys: ["set", "state", "attributes"], required: ["set", "state"]),
                let entity = entityID(keys["set"], at: path.appending("set"))
            else { return nil }
            let state = templated(keys["state"] ?? .null, at: path.appending("state"))
            let attributes = templated(keys["attributes"] ?? [:], at: path.appending("attributes"))
            if case .object = attributes {
            } else {
                report(path.appending("attributes"), "expected a mapping of attributes, such as {effect: blink}")
            }
            // A state or attributes a template makes are known only when the rule runs.
            let fixed = !Template.isTemplated(state) && !Template.isTemplated(attributes)
            references.append(
                (
                    path.appending("set"),
                    .set(
                        entity, state: fixed ? Optional(state) : nil,
                        attributes: fixed ? attributes.objectValue ?? [:] : [:],
                        step: path)
                ))
            return .set(entity: entity, state: state, attributes: attributes)
        case "call", "enqueue":
            let allowed = kind == "call" ? ["call", "args"] : ["enqueue", "args", "priority"]
            guard let keys = object(value, at: path, keys: allowed, required: [kind]),
                let target = target(keys[kind], at: path.appending(kind))
            else { return nil }
            references.append((path.appending(kind), .call(target)))
            let arguments = templated(keys["args"] ?? [:], at: path.appending("args"))
            if case .object = arguments {} else { report(path.appending("args"), "expected a mapping of arguments") }
            guard kind == "enqueue" else { return .call(target: target, arguments: arguments) }
            var priority = Priority.normal
            if let written = keys["priority"] {
                if let parsed = written.stringValue.flatMap(Priority.init(name:)) {
                    priority = parsed
                } else {
                    report(path.appending("priority"), "expected highest, high, normal, low or lowest")
                }
            }
            return .enqueue(target: target, arguments: arguments, priority: priority)
        case "trigger":
            guard let keys = object(value, at: path, keys: ["trigger", "payload"], required: ["trigger"]),
                let event = eventName(keys["trigger"], at: path.appending("trigger"), pattern: false)
            else { return nil }
            return .trigger(event: event, payload: templated(keys["payload"] ?? [:], at: path.appending("payload")))
        case "delay":
            guard let keys = object(value, at: path, keys: ["delay"], required: ["delay"]),
                let delay = duration(keys["delay"] ?? .null, at: path.appending("delay"))
            else { return nil }
            return .delay(delay)
        case "wait":
            guard let keys = object(value, at: path, keys: ["wait"], required: ["wait"]),
                let wait = object(
                    keys["wait"] ?? .null, at: path.appending("wait"), keys: ["event", "match", "timeout"],
                    required: ["event"]),
                let event = eventName(wait["event"], at: path.appending("wait").appending("event"), pattern: true)
            else { return nil }
            let timeout = wait["timeout"].flatMap { duration($0, at: path.appending("wait").appending("timeout")) }
            return .wait(
                event: event, match: match(wait["match"], at: path.appending("wait").appending("match")),
                timeout: timeout)
        case "if":
            guard let keys = object(value, at: path, keys: ["if", "then", "else"], required: ["if", "then"]) else {
                return nil
            }
            return .choose(
                conditions: conditionList(keys["if"] ?? .null, at: path.appending("if")),
                then: actionList(keys["then"] ?? .null, at: path.appending("then")),
                else: keys["else"].map { actionList($0, at: path.appending("else")) } ?? [])
        default:
            guard let keys = object(value, at: path, keys: ["repeat"], required: ["repeat"]) else { return nil }
            let repeatPath = path.appending("repeat")
            guard
                let loop = object(
                    keys["repeat"] ?? .null, at: repeatPath, keys: ["count", "while", "until", "do"], required: ["do"])
            else { return nil }
            let steps = actionList(loop["do"] ?? .null, at: repeatPath.appending("do"))
            let given = ["count", "while", "until"].filter { loop[$0] != nil }
            guard given.count == 1 else {
                report(repeatPath, "needs exactly one of count, while and until")
                return nil
            }
            switch given[0] {
            case "count":
                guard case .int(let count)? = loop["count"], (1...10_000).contains(count) else {
                    report(repeatPath.appending("count"), "expected an integer from 1 to 10000")
                    return nil
                }
                return .repeatCount(count, steps)
            case "while":
                return .repeatWhile(conditionList(loop["while"] ?? .null, at: repeatPath.appending("while")), steps)
            default:
                return .repeatUntil(conditionList(loop["until"] ?? .null, at: repeatPath.appending("until")), steps)
            }
        }
    }

    // MARK: Pieces

    private mutating func report(_ path: ConfigPath, _ message: String) {
        problems.append((path, message))
    }

    /// A single item or a list, each with its path.
    private mutating func list(_ value: Value?, at path: ConfigPath) -> [(value: Value, path: ConfigPath)] {
        switch value {
        case .array(let items)?:
            return items.enumerated().map { ($1, path.appending(index: $0)) }
        case .object(let object)?:
            return [(.object(object), path)]
        case nil, .null?:
            return []
        default:
            report(path, "expected a list")
            return []
        }
    }

    /// Which of `kinds` the object `value` is, by the one of them among its keys.
    private mutating func kind(of value: Value, at path: ConfigPath, among kinds: [String]) -> String? {
        guard case .object(let object) = value else {
            report(path, "expected a mapping with one of \(kinds.joined(separator: ", "))")
            return nil
        }
        let present = kinds.filter { object[$0] != nil }
        guard present.count == 1 else {
            if present.isEmpty {
                let hint = object.keys.lazy.compactMap { Suggestion.didYouMean($0, in: kinds) }.first
                report(path, "expected one of \(kinds.joined(separator: ", "))" + (hint.map { "; \($0)" } ?? ""))
            } else {
                report(path, "has both \(present.joined(separator: " and ")); give one")
            }
            return nil
        }
        return present[0]
    }

    /// The mapping `value`, its keys checked against `keys` (with "did you mean").
    private mutating func object(_ value: Value, at path: ConfigPath, keys: [String], required: [String] = [])
        -> Value.Object?
    {
        guard case .object(let object) = value else {
            report(path, "expected a mapping")
            return nil
        }
        var fine = true
        for key in object.keys where !keys.contains(key) {
            let hint = Suggestion.didYouMean(key, in: keys)
            report(
                path.appending(key),
                "unknown key (expected \(keys.joined(separator: ", ")))" + (hint.map { "; \($0)" } ?? ""))
            fine = false
        }
        for key in required where object[key] == nil {
            report(path, "missing \(key)")
            fine = false
        }
        return fine ? object : nil
    }

    /// A duration with its unit, as the rest of the config writes them (`5` alone is refused:
    /// seconds or minutes?).
    private mutating func duration(_ value: Value, at path: ConfigPath, least: Duration = .zero) -> Duration? {
        guard case .string = value, let duration = value.durationValue, duration >= least, duration <= Self.longest
        else {
            report(path, "expected a duration such as 500ms, 2s or 5min, at most 366 days, got \(value)")
            return nil
        }
        return duration
    }

    private mutating func eventName(_ value: Value?, at path: ConfigPath, pattern: Bool) -> String? {
        guard let name = value?.stringValue else {
            report(path, pattern ? "expected an event name or glob" : "expected an event name")
            return nil
        }
        if let problem = EventName.problem(in: name, pattern: pattern) {
            report(path, problem)
            return nil
        }
        return name
    }

    private mutating func entityID(_ value: Value?, at path: ConfigPath) -> String? {
        guard let id = value?.stringValue, let dot = id.firstIndex(of: "."), dot != id.startIndex,
            Entity.key(for: String(id[id.index(after: dot)...])) == String(id[id.index(after: dot)...])
        else {
            report(path, "expected an entity id MODULE.KEY, such as panel.porch")
            return nil
        }
        return id
    }

    private mutating func target(_ value: Value?, at path: ConfigPath) -> String? {
        guard let target = value?.stringValue, let dot = target.firstIndex(of: "."), dot != target.startIndex,
            target.index(after: dot) != target.endIndex
        else {
            report(path, "expected MODULE.METHOD, such as panel.blink")
            return nil
        }
        return target
    }

    /// `value` with every string checked as a ``Template``.
    private mutating func templated(_ value: Value, at path: ConfigPath) -> Value {
        switch value {
        case .string(let text):
            if let problem = Template.problem(in: text) {
                report(path, problem)
            } else if let template = try? Template(text) {
                references += template.entities.map { (path, .entity($0)) }
            }
        case .array(let items):
            for (index, item) in items.enumerated() { _ = templated(item, at: path.appending(index: index)) }
        case .object(let object):
            for (key, member) in object { _ = templated(member, at: path.appending(key)) }
        default:
            break
        }
        return value
    }
}
