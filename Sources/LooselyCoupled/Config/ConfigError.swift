/// One problem in a config file, located by file, line, column and key path.
///
/// It prints as `FILE:LINE:COLUMN: KEY.PATH: message`, for example
/// `demo.yaml:12:7: modules.door.baud: expected an integer, got "fast"`. A problem of the
/// document as a whole has an empty key path and prints as `FILE:LINE:COLUMN: message`; a
/// problem with the file itself has no position and prints as `FILE: message`.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is; compare with the static members, new kinds may appear.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The file could not be read.
        public static let unreadable = Code("unreadable")
        /// The YAML itself is malformed, or holds more than one document.
        public static let syntax = Code("syntax")
        /// A mapping names the same key twice.
        public static let duplicateKey = Code("duplicate_key")
        /// Aliases expand to too many nodes, or nesting is too deep.
        public static let tooLarge = Code("too_large")
        /// A tag or a YAML feature the config does not support.
        public static let unsupported = Code("unsupported")
        /// A key that the schema does not declare.
        public static let unknownKey = Code("unknown_key")
        /// A required key is absent.
        public static let missingKey = Code("missing_key")
        /// A value of the wrong kind: a list where a number belongs, text where a boolean does.
        public static let wrongType = Code("wrong_type")
        /// A value of the right kind that is not allowed: out of range, not one of the choices,
        /// a malformed duration.
        public static let badValue = Code("bad_value")
        /// A module's `type:` names no known module type.
        public static let unknownModuleType = Code("unknown_module_type")
        /// A module instance name that cannot be used in `module.method`.
        public static let badModuleName = Code("bad_module_name")

        /// The code's name, for logs.
        public var description: String { name }
    }

    /// What kind of problem this is.
    public var code: Code
    /// The file name as the user gave it.
    public var file: String
    /// Where the offending node starts; `nil` for a problem with the file as a whole.
    public var mark: Mark?
    /// The key path of the offending node; empty for the document itself.
    public var path: ConfigPath
    /// What is wrong, for a person: `expected an integer, got "fast"`.
    public var message: String

    /// A problem in `file` at `mark` (nil: the file as a whole), under `path`.
    public init(code: Code, file: String, mark: Mark?, path: ConfigPath = ConfigPath(), message: String) {
        self.code = code
        self.file = file
        self.mark = mark
        self.path = path
        self.message = message
    }

    /// The line of the offending node, counting from 1; `nil` for the file as a whole.
    public var line: Int? { mark?.line }

    /// The column of the offending node, counting from 1; `nil` for the file as a whole.
    public var column: Int? { mark?.column }

    /// `FILE:LINE:COLUMN: KEY.PATH: message`, leaving out the parts this error has not got.
    ///
    /// Control characters quoted from the file (in a key, a type, a module name) are escaped, so
    /// each problem stays one line and none can pass for another `FILE:L:C:` line.
    public var description: String {
        var text = file.escapingControlCharacters()
        if let mark { text += ":\(mark.line):\(mark.column)" }
        if !path.isEmpty { text += ": " + path.description.escapingControlCharacters() }
        return text + ": " + message.escapingControlCharacters()
    }
}
