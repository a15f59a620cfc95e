/// A position in a config file: where a YAML node or key starts, as a user's editor shows it.
///
/// Both numbers count from 1. The column counts characters, not bytes, so a line holding `ü`
/// still points at the right place.
public struct Mark: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The line, counting from 1.
    public var line: Int
    /// The column, counting characters from 1.
    public var column: Int

    /// A position at `line` and `column`, both counting from 1.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of a file: line 1, column 1.
    public static let start = Mark(line: 1, column: 1)

    /// `LINE:COLUMN`, as it stands in an error message.
    public var description: String { "\(line):\(column)" }

    /// Orders marks as they appear in the file: by line, then by column.
    public static func < (lhs: Mark, rhs: Mark) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}
