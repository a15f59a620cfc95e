/// Collects ``Method``, ``On`` and ``Every`` declarations into a ``ModuleInterface``.
@resultBuilder
public enum ModuleInterfaceBuilder<M: Module> {
    /// Part of the result builder that ``ModuleInterface`` declarations are written in.
    public static func buildExpression(_ method: Method<M>) -> [ModuleInterface<M>.Element] { [.method(method)] }
    /// Part of the result builder that ``ModuleInterface`` declarations are written in.
    public static func buildExpression(_ handler: On<M>) -> [ModuleInterface<M>.Element] { [.handler(handler)] }
    /// Part of the result builder that ``ModuleInterface`` declarations are written in.
    public static func buildExpression(_ job: Every<M>) -> [ModuleInterface<M>.Element] { [.job(job)] }
    /// Part of the result builder that ``ModuleInterface`` declarations are written in.
    public static func buildExpression(_ elements: [ModuleInterface<M>.Element]) -> [ModuleInterface<M>.Element] {
        elements
    }
    /// Part of the result builder that ``ModuleInterface`` declarations are written in.
    public static func buildBlock(_ parts: [ModuleInterface<M>.Element]...) -> [ModuleInterface<M>.Element] {
        parts.flatMap { $0 }
    }
    /// Part of the result builder that ``ModuleInterface`` declarations are written in.
    public static func buildOptional(_ part: [ModuleInterface<M>.Element]?) -> [ModuleInterface<M>.Element] {
        part ?? []
    }
    /// Part of the result builder that ``ModuleInterface`` declarations are written in.
    public static func buildEither(first: [ModuleInterface<M>.Element]) -> [ModuleInterface<M>.Element] { first }
    /// Part of the result builder that ``ModuleInterface`` declarations are written in.
    public static func buildEither(second: [ModuleInterface<M>.Element]) -> [ModuleInterface<M>.Element] { second }
    /// Part of the result builder that ``ModuleInterface`` declarations are written in.
    public static func buildArray(_ parts: [[ModuleInterface<M>.Element]]) -> [ModuleInterface<M>.Element] {
        parts.flatMap { $0 }
    }
}
