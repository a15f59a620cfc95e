/// Every problem found in a config file, so a user can fix them all in one go.
///
/// It prints one ``ConfigError`` per line, in the order they appear in the file.
public struct ConfigErrors: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, in file order (problems without a position first).
    public var errors: [ConfigError]

    /// The problems `errors`, put in file order; problems at the same place keep their order.
    public init(_ errors: [ConfigError]) {
        self.errors = errors.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.file, lhs.element.mark?.line ?? 0, lhs.element.mark?.column ?? 0, lhs.offset)
            let right = (rhs.element.file, rhs.element.mark?.line ?? 0, rhs.element.mark?.column ?? 0, rhs.offset)
            return left < right
        }.map(\.element)
    }

    /// One problem per line, as `FILE:LINE:COLUMN: KEY.PATH: message`.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
