/// One key of an object ``Schema``: its name, the schema of its value, and whether it is
/// required or has a default.
///
/// ```swift
/// Key("baud", .int(range: 50...4_000_000), default: 9600)
/// ```
public struct Key: Sendable {
    /// The key as written in the config file.
    public var name: String
    /// What the value under the key must look like.
    public var schema: Schema
    /// Whether the key must be given.
    public var isRequired: Bool
    /// The value used when the key is absent or null, written as the user would write it
    /// (`"1s"` for a duration); it goes through `schema` like a value from the file.
    public var defaultValue: Value?
    /// One line on what the key is for, for generated documentation.
    public var help: String?

    /// A key named `name` whose value matches `schema`.
    ///
    /// - Parameters:
    ///   - name: The key as written in the config file.
    ///   - schema: What the value must look like.
    ///   - required: Whether the key must be given; absence is an error at the enclosing mapping.
    ///   - defaultValue: The value when the key is absent or null, as the user would write it.
    ///   - help: One line on what the key is for.
    public init(
        _ name: String, _ schema: Schema, required: Bool = false, default defaultValue: Value? = nil,
        help: String? = nil
    ) {
        self.name = name
        self.schema = schema
        self.isRequired = required
        self.defaultValue = defaultValue
        self.help = help
    }
}
