extension YAMLNode {
    /// A scalar node: its text exactly as parsed, how it was written, and its tag if explicit.
    public struct Scalar: Sendable, Hashable {
        /// How a scalar was written in the file.
        public enum Style: Sendable, Hashable {
            /// Unquoted: its meaning depends on the schema (`off`, `9600`, `~`).
            case plain
            /// In single quotes: always a string.
            case singleQuoted
            /// In double quotes: always a string.
            case doubleQuoted
            /// A `|` block: always a string.
            case literal
            /// A `>` block: always a string.
            case folded
        }

        /// The text, with quotes removed and escapes resolved.
        public var text: String
        /// How it was written.
        public var style: Style
        /// The explicit tag as libyaml resolved it (`tag:yaml.org,2002:str` for `!!str`), or `nil`.
        public var tag: String?
        /// Where the scalar starts.
        public var mark: Mark

        /// A scalar with `text`, written in `style`, with an optional explicit `tag`, at `mark`.
        public init(_ text: String, style: Style = .plain, tag: String? = nil, mark: Mark) {
            self.text = text
            self.style = style
            self.tag = tag
            self.mark = mark
        }

        /// Whether the scalar was written without quotes or block indicator.
        public var isPlain: Bool { style == .plain }

        /// Whether this is YAML's null: plain and untagged (or `!!null`), and `~`, `null`,
        /// `Null`, `NULL` or empty.
        public var isNull: Bool {
            resolution == .plain && ScalarSyntax.isNull(text)
        }

        /// How a schema may read this scalar.
        enum Resolution: Hashable {
            /// Plain and untagged, or tagged with a YAML core type: the schema decides.
            case plain
            /// Quoted, a block, or tagged `!!str` or `!`: a string, whatever it looks like.
            case string
            /// A tag this config does not understand.
            case unsupported(String)
        }

        static let coreTagPrefix = "tag:yaml.org,2002:"

        var resolution: Resolution {
            guard let tag else { return style == .plain ? .plain : .string }
            switch tag {
            case "!", Self.coreTagPrefix + "str": return .string
            case Self.coreTagPrefix + "int", Self.coreTagPrefix + "float",
                Self.coreTagPrefix + "bool", Self.coreTagPrefix + "null":
                return .plain
            default: return .unsupported(Self.shortTag(tag))
            }
        }

        /// A tag as the user wrote it: `!!int` rather than `tag:yaml.org,2002:int`.
        static func shortTag(_ tag: String) -> String {
            tag.hasPrefix(coreTagPrefix) ? "!!" + tag.dropFirst(coreTagPrefix.count) : tag
        }

        /// The text in double quotes with quotes, backslashes and control characters escaped,
        /// shortened past 60 characters: `"fast"`.
        var quotedText: String {
            var escaped = ""
            var count = 0
            for character in text {
                if count == 60 {
                    escaped += "..."
                    break
                }
                count += 1
                switch character {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                case "\t": escaped += "\\t"
                case "\r": escaped += "\\r"
                default: escaped.append(character)
                }
            }
            return "\"" + escaped + "\""
        }
    }
}
