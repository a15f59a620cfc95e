/// Why a call, queued call or event could not be carried out.
///
/// The ``Code`` is what programs match on (and what the control socket and HTTP API put in
/// `{"error": {"code": …}}`); the message is for people.
public struct CallError: Error, Sendable, CustomStringConvertible {
    /// A stable, opaque error code; new codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The snake_case name, as JSON error replies carry it.
        public let name: String

        private init(_ name: String) { self.name = name }

        /// A code of a module type's own, for a failure none of the core's codes names (a serial
        /// port's `disconnected`): snake_case, as JSON error replies carry it. Codes with the
        /// same name are equal.
        ///
        /// ```swift
        /// extension CallError.Code {
        ///     public static let disconnected = CallError.Code(named: "disconnected")
        /// }
        /// ```
        public init(named name: String) { self.name = name }

        /// The target is not of the form `module.method`.
        public static let invalidTarget = Code("invalid_target")
        /// No module has that name.
        public static let unknownModule = Code("unknown_module")
        /// The module has no method of that name.
        public static let unknownMethod = Code("unknown_method")
        /// The module exists but is not started (inactive or failed).
        public static let moduleNotReady = Code("module_not_ready")
        /// The sending module is not active: passive modules receive but do not send.
        public static let senderNotActive = Code("sender_not_active")
        /// The arguments do not fit the method.
        public static let invalidArguments = Code("invalid_arguments")
        /// The method's handler threw; ``CallError/underlying`` holds its error.
        public static let handlerFailed = Code("handler_failed")
        /// The queue stayed full for the whole wait.
        public static let queueFull = Code("queue_full")
        /// No result arrived within the timeout.
        public static let timeout = Code("timeout")
        /// A blocking call was made from inside Swift concurrency, where it could deadlock.
        public static let blockingCallInAsyncContext = Code("blocking_call_in_async_context")
        /// The item was discarded because its module stopped or shutdown passed its deadline.
        public static let discarded = Code("discarded")
        /// No entity has that id.
        public static let unknownEntity = Code("unknown_entity")
        /// The entity's kind cannot be set (a sensor, a binary sensor, an event).
        public static let readOnlyEntity = Code("read_only_entity")
        /// The state does not fit the entity's kind (an unknown effect, a number out of range).
        public static let invalidState = Code("invalid_state")

        /// The error or value in one line, as logs and error replies show it.
        public var description: String { name }
    }

    /// What went wrong, for programs.
    public var code: Code
    /// What went wrong, for people: names the module, method or event concerned.
    public var message: String
    /// The error a handler threw, for ``Code/handlerFailed``.
    public var underlying: (any Error)?

    /// Creates an error; modules may throw these too, for example `.invalidArguments`.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The error or value in one line, as logs and error replies show it.
    public var description: String { "\(code): \(message)" }
}
