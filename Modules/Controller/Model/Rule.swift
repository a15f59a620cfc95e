import LooselyCoupled

/// One automation rule of a `controller` module: `when` any trigger fires and `if` every
/// condition holds, `do` the actions, in its run `mode`.
struct Rule: Sendable {
    let name: String
    let triggers: [Trigger]
    let conditions: [Condition]
    let actions: [Action]
    let mode: RunMode
    /// How many runs `queued` keeps waiting, or `parallel` runs at once.
    let max: Int
}

/// What a rule does with a trigger while it runs already, as Home Assistant's modes do.
enum RunMode: String, Sendable, CaseIterable {
    /// Ignore it (counted, in the trace).
    case single
    /// Cancel the running run and start anew.
    case restart
    /// Run after the running one, up to `max` waiting.
    case queued
    /// Run at once beside it, up to `max` at once.
    case parallel
}

/// What starts a rule.
enum Trigger: Sendable {
    /// An event whose name `pattern` (a name or a glob) matches, with its payload passing `match`.
    case event(pattern: String, match: PayloadMatch)
    /// A change of `entity`'s state, `from` and `to` as given (either may be absent), that lasts
    /// `for` (if given).
    case state(entity: String, from: Value?, to: Value?, for: Duration?)
    /// Every so often, from the module's activation.
    case every(Duration)
    /// At these local times of day, as seconds since midnight.
    case at([Int])
}

/// What must hold for a triggered rule to run.
///
/// Not `indirect`, nor is ``Action``: the nested lists are arrays, which box themselves (and an indirect case's box
/// is a pointer in the enum's spare bits, which LeakSanitizer takes for a leak in the fuzz runs).
enum Condition: Sendable {
    /// `entity`'s state is `is`.
    case state(entity: String, is: Value)
    /// Now is after `after` and before `before` (seconds since midnight; a range past midnight
    /// wraps), on one of `weekdays` (0 = Sunday; empty: every day).
    case time(after: Int?, before: Int?, weekdays: Set<Int>)
    /// Every one holds.
    case all([Condition])
    /// One of them holds.
    case any([Condition])
    /// None holds.
    case not([Condition])
}

/// One step of a rule.
enum Action: Sendable {
    /// An entity command, as `looselycoupled set` sends it.
    case set(entity: String, state: Value, attributes: Value)
    /// A synchronous call.
    case call(target: String, arguments: Value)
    /// A queued call at `priority`.
    case enqueue(target: String, arguments: Value, priority: Priority)
    /// An event, carrying the run's transaction.
    case trigger(event: String, payload: Value)
    /// Waits, without holding up other rules or modules.
    case delay(Duration)
    /// Waits for an event (or `timeout`, after which the run goes on).
    case wait(event: String, match: PayloadMatch, timeout: Duration?)
    /// `if` the conditions hold, `then`, else `else`.
    case choose(conditions: [Condition], then: [Action], else: [Action])
    /// The steps `count` times.
    case repeatCount(Int, [Action])
    /// The steps while the conditions hold (checked before each round).
    case repeatWhile([Condition], [Action])
    /// The steps until the conditions hold (checked after each round).
    case repeatUntil([Condition], [Action])
}

extension Condition: CustomStringConvertible {
    /// The condition as a trace names it: `state panel.porch is "off"`,
    /// `time after 18:00 before 07:00 on mon, fri`, `not [state panel.motion is "on"]`.
    var description: String {
        switch self {
        case .state(let entity, let state):
            return "state \(entity) is \(state.json)"
        case .time(let after, let before, let weekdays):
            var parts = ["time"]
            if let after { parts.append("after \(LocalTime.timeOfDay(after))") }
            if let before { parts.append("before \(LocalTime.timeOfDay(before))") }
            if !weekdays.isEmpty {
                parts.append("on " + weekdays.sorted().map { RuleParser.weekdays[$0] }.joined(separator: ", "))
            }
            return parts.joined(separator: " ")
        case .all(let conditions): return "all " + Self.list(conditions)
        case .any(let conditions): return "any " + Self.list(conditions)
        case .not(let conditions): return "not " + Self.list(conditions)
        }
    }

    private static func list(_ conditions: [Condition]) -> String {
        "[" + conditions.map(\.description).joined(separator: "; ") + "]"
    }
}

extension Action {
    /// The step as a trace names it: `set panel.porch`, `call panel.blink`, `delay 5s`.
    var summary: String {
        switch self {
        case .set(let entity, let state, _): "set \(entity) \(state.json)"
        case .call(let target, _): "call \(target)"
        case .enqueue(let target, _, let priority): "enqueue \(target) (\(priority))"
        case .trigger(let event, _): "trigger \(event)"
        case .delay(let duration): "delay \(duration.configText)"
        case .wait(let event, _, let timeout): "wait \(event)" + (timeout.map { " (timeout \($0.configText))" } ?? "")
        case .choose: "if"
        case .repeatCount(let count, _): "repeat \(count)"
        case .repeatWhile: "repeat while"
        case .repeatUntil: "repeat until"
        }
    }
}
