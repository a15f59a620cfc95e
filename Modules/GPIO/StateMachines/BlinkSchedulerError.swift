/// Why ``BlinkScheduler`` refused a rhythm definition or a requested output state.
///
/// A struct with an opaque ``Code`` so that reasons can be added without breaking a `switch`.
public struct BlinkSchedulerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of mistake; compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// A `set` named a rhythm that is neither a default nor defined in the module's config.
        public static let unknownRhythm = Code("unknown rhythm")
        /// A rhythm, blink or pulse duration is zero or negative (a zero period would never end).
        public static let invalidDuration = Code("invalid duration")
        /// A blink count is below 1.
        public static let invalidCount = Code("invalid count")

        /// The code's name, such as "unknown rhythm".
        public var description: String { name }
    }

    /// The kind of mistake.
    public var code: Code
    /// What was wrong and what is allowed, for the user.
    public var message: String

    /// An error of `code`, explained by `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message, which already names what was wrong.
    public var description: String { message }
}
