/// Collects the ``Key``s written in the closure of ``Schema/object(_:)``, with `if`, `switch`
/// and `for` allowed among them.
@resultBuilder
public enum SchemaBuilder {
    /// One key.
    public static func buildExpression(_ key: Key) -> [Key] { [key] }

    /// Keys built elsewhere, such as keys shared by several module types.
    public static func buildExpression(_ keys: [Key]) -> [Key] { keys }

    /// The keys of a block, in order.
    public static func buildBlock(_ parts: [Key]...) -> [Key] { parts.flatMap { $0 } }

    /// The keys of an `if` without `else`, or none.
    public static func buildOptional(_ keys: [Key]?) -> [Key] { keys ?? [] }

    /// The keys of the first branch of an `if`/`else` or `switch`.
    public static func buildEither(first keys: [Key]) -> [Key] { keys }

    /// The keys of the second branch of an `if`/`else` or `switch`.
    public static func buildEither(second keys: [Key]) -> [Key] { keys }

    /// The keys of every pass of a `for` loop.
    public static func buildArray(_ parts: [[Key]]) -> [Key] { parts.flatMap { $0 } }
}
