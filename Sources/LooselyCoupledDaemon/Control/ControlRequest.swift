import LooselyCoupled

/// One request line of the control socket, decoded.
///
/// ```json
/// {"op": "call", "target": "clock.list", "args": {}, "timeout": 5}
/// {"op": "trigger", "event": "doorbell", "payload": {"n": 1}, "priority": "high"}
/// {"op": "status"}
/// {"op": "events", "match": "gpio_*"}
/// {"op": "states", "match": "panel.*"}
/// {"op": "set", "entity": "panel.porch", "state": "fast", "attributes": {}, "timeout": 5}
/// ```
///
/// Any request may carry an `"id"`, which its reply repeats.
enum ControlRequest: Equatable {
    /// Calls `target` now with `arguments`, waiting at most `timeout` for the result.
    case call(target: String, arguments: Value, timeout: Duration)
    /// Queues `event` with `payload` at `priority`.
    case trigger(event: String, payload: Value, priority: Priority)
    /// The modules and the queue.
    case status
    /// Streams the events whose names match `pattern`, until the client disconnects.
    case events(pattern: String)
    /// The entities whose ids match `pattern` (every one without), with their states.
    case states(pattern: String?)
    /// A command to `entity`, waiting at most `timeout` for its module's answer.
    case set(entity: String, state: Value, attributes: Value.Object, timeout: Duration)

    /// The longest a call may be given to answer.
    static let maximumTimeout: Duration = .seconds(3600)
    /// How long a call waits when the request names no timeout.
    static let defaultTimeout: Duration = .seconds(10)

    /// Decodes a parsed request line.
    ///
    /// - Throws: ``ControlError`` `invalid_request` or `unknown_op`.
    init(_ request: Value) throws(ControlError) {
        guard case .object = request else { throw .invalidRequest("a request is a JSON object with an \"op\"") }
        guard let op = request["op"]?.stringValue else {
            throw .invalidRequest("missing \"op\" (call, trigger, status, events, states or set)")
        }
        switch op {
        case "call":
            let target = try Self.string(request, "target", required: true) ?? ""
            let arguments = request["args"] ?? [:]
            guard case .object = arguments else {
                throw .invalidRequest("\"args\" must be an object of keyword arguments")
            }
            self = .call(target: target, arguments: arguments, timeout: try Self.timeout(request))
        case "trigger":
            let event = try Self.string(request, "event", required: true) ?? ""
            var priority = Priority.normal
            if let name = try Self.string(request, "priority", required: false) {
                guard let parsed = Priority(name: name) else {
                    throw .invalidRequest("\"priority\" must be highest, high, normal, low or lowest")
                }
                priority = parsed
            }
            self = .trigger(event: event, payload: request["payload"] ?? [:], priority: priority)
        case "status":
            self = .status
        case "events":
            self = .events(pattern: try Self.string(request, "match", required: false) ?? "*")
        case "states":
            self = .states(pattern: try Self.string(request, "match", required: false))
        case "set":
            let entity = try Self.string(request, "entity", required: true) ?? ""
            guard let state = request["state"], state != .null else {
                throw .invalidRequest("missing \"state\" (on, off, toggle, an effect, press, a number or an option)")
            }
            let attributes = request["attributes"] ?? [:]
            guard case .object(let object) = attributes else {
                throw .invalidRequest("\"attributes\" must be an object")
            }
            self = .set(entity: entity, state: state, attributes: object, timeout: try Self.timeout(request))
        default:
            throw .unknownOperation(op)
        }
    }

    /// The request's `timeout`, or the default.
    private static func timeout(_ request: Value) throws(ControlError) -> Duration {
        guard let seconds = request["timeout"] else { return defaultTimeout }
        guard let value = seconds.doubleValue, value > 0, let duration = Value.double(value).durationValue,
            duration <= maximumTimeout
        else {
            throw .invalidRequest("\"timeout\" must be a number of seconds above 0 and at most 3600")
        }
        return duration
    }

    private static func string(_ request: Value, _ key: String, required: Bool) throws(ControlError) -> String? {
        switch request[key] {
        case .string(let text)? where !text.isEmpty: return text
        case nil where !required, .null? where !required: return nil
        default: throw .invalidRequest("\"\(key)\" must be a non-empty string")
        }
    }
}
