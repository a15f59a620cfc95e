/// Why ``Value/init(json:)`` rejected a text, and where.
///
/// The description reads `JSON: expected ',' or '}' at 1:17`: the problem, then the line and
/// column (both counted from 1, the column in Unicode scalars) of the byte that broke the rule.
public struct JSONError: Error, CustomStringConvertible, Hashable, Sendable {
    /// The kind of problem, to branch on; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case unexpectedEnd
            case syntax
            case invalidString
            case invalidNumber
            case tooDeep
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The text ended inside a value, or was empty.
        public static let unexpectedEnd = Code(.unexpectedEnd)
        /// A character that the grammar does not allow here, including trailing characters.
        public static let syntax = Code(.syntax)
        /// A bad escape, a lone surrogate, a raw control character or invalid UTF-8 in a string.
        public static let invalidString = Code(.invalidString)
        /// A malformed number, a leading zero, NaN or Infinity, or a number too large for `Double`.
        public static let invalidNumber = Code(.invalidNumber)
        /// Arrays and objects nested more than 512 levels deep.
        public static let tooDeep = Code(.tooDeep)

        /// The name of the code.
        public var description: String {
            switch base {
            case .unexpectedEnd: "unexpected_end"
            case .syntax: "syntax"
            case .invalidString: "invalid_string"
            case .invalidNumber: "invalid_number"
            case .tooDeep: "too_deep"
            }
        }
    }

    /// The kind of problem.
    public let code: Code
    /// What went wrong, without the position: `expected ',' or '}'`.
    public let message: String
    /// The offset of the offending byte from the start of the text, counted from 0.
    public let offset: Int
    /// The line of the offending byte, counted from 1.
    public let line: Int
    /// The column of the offending byte in Unicode scalars, counted from 1.
    public let column: Int

    init(_ code: Code, _ message: String, offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        self.code = code
        self.message = message
        self.offset = offset
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0b1100_0000 != 0b1000_0000 {
                // Continuation bytes belong to the scalar that started before them.
                column += 1
            }
        }
        self.line = line
        self.column = column
    }

    /// The problem and its position, as `JSON: expected ',' or '}' at 1:17`.
    public var description: String {
        "JSON: \(message) at \(line):\(column)"
    }
}
