/// Parses a YAML config file into a ``YAMLNode`` tree whose nodes know their line and column.
///
/// A file holds at most one document; an empty file is an empty document (`nil`). Aliases are
/// expanded (at most a million nodes in all), `<<` merge keys are applied, and a key given twice
/// in one mapping is an error. libyaml's syntax errors come out as ``ConfigError``s like any other.
///
/// ```swift
/// let root = try YAMLParser.parse(text, file: "demo.yaml")
/// ```
public enum YAMLParser {
    /// What a parse found: the tree, and every problem on the way.
    struct Outcome {
        /// The root; `nil` for an empty document or after a problem that stopped parsing.
        var root: YAMLNode?
        /// The problems, in the order found.
        var errors: [ConfigError]
        /// Whether the whole file was read; `false` after a syntax error.
        var isComplete: Bool
    }

    /// Parses `text`, naming `file` in errors.
    ///
    /// - Parameters:
    ///   - text: The YAML source.
    ///   - file: The file name as the user gave it, for error messages.
    /// - Returns: The document's root node, or `nil` if the document is empty.
    /// - Throws: ``ConfigErrors`` with every problem found: syntax, duplicate keys, bad aliases.
    public static func parse(_ text: String, file: String) throws(ConfigErrors) -> YAMLNode? {
        let outcome = parse(bytes: Array(text.utf8), file: file)
        guard outcome.errors.isEmpty else { throw ConfigErrors(outcome.errors) }
        return outcome.root
    }

    /// Parses UTF-8 (or UTF-16 with a byte order mark) `bytes`, collecting problems instead of throwing.
    static func parse(bytes: [UInt8], file: String) -> Outcome {
        guard let parser = LibYAMLParser(bytes: bytes) else {
            let error = ConfigError(code: .unreadable, file: file, mark: nil, message: "cannot parse: out of memory")
            return Outcome(root: nil, errors: [error], isComplete: false)
        }
        var builder = YAMLTreeBuilder(parser: parser, file: file)
        do {
            let root = try builder.document()
            return Outcome(root: root, errors: builder.errors, isComplete: true)
        } catch {
            return Outcome(root: nil, errors: builder.errors, isComplete: false)
        }
    }
}
