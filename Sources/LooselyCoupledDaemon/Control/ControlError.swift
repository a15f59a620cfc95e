import LooselyCoupled

/// An error reply of the control socket: `{"error": {"code": …, "message": …}}`.
///
/// Codes are snake_case: a ``CallError`` code (`unknown_module`, `timeout`, …) or one of the
/// protocol's own below.
struct ControlError: Error, Equatable, CustomStringConvertible {
    var code: String
    var message: String

    /// The line is not JSON.
    static func invalidJSON(_ reason: String) -> ControlError { ControlError(code: "invalid_json", message: reason) }
    /// The JSON is not a request: no `op`, or a field of the wrong kind.
    static func invalidRequest(_ reason: String) -> ControlError {
        ControlError(code: "invalid_request", message: reason)
    }
    /// `op` names no operation.
    static func unknownOperation(_ op: String) -> ControlError {
        ControlError(
            code: "unknown_op", message: "unknown op '\(op)' (ops: call, trigger, status, events, states, set)")
    }
    /// The line was longer than the limit and was skipped.
    static func lineTooLong(limit: Int) -> ControlError {
        ControlError(code: "line_too_long", message: "request line longer than \(limit) bytes; skipped")
    }
    /// The daemon serves no more clients at once.
    static func tooManyClients(limit: Int) -> ControlError {
        ControlError(code: "too_many_clients", message: "the daemon serves at most \(limit) control clients at once")
    }

    /// The client sent nothing for this long and is disconnected.
    static func idle(timeout: Duration) -> ControlError {
        ControlError(
            code: "idle_timeout",
            message:
                "no request for \(timeout); closing the connection (an events client is never closed for being idle)")
    }

    init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The reply for a failed call, trigger or watch.
    init(_ error: CallError) {
        self.init(code: error.code.name, message: error.message)
    }

    /// `{"code": …, "message": …}`.
    var value: Value { ["code": .string(code), "message": .string(message)] }

    var description: String { "\(code): \(message)" }
}
