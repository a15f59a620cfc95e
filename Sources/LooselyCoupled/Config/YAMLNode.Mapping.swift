extension YAMLNode {
    /// A mapping node: keys and values in the order of the file, each key with its own mark.
    ///
    /// Keys are unique: the parser reports a duplicate key as an error and keeps the first. Keys
    /// merged in with `<<` come where the `<<` stood, unless the mapping sets them itself.
    public struct Mapping: Sendable, Hashable {
        /// One key and its value.
        public struct Entry: Sendable, Hashable {
            /// The key, with its own mark.
            public var key: Scalar
            /// The value under the key.
            public var value: YAMLNode

            /// An entry of `key` with `value`.
            public init(key: Scalar, value: YAMLNode) {
                self.key = key
                self.value = value
            }
        }

        /// The entries, in the order of the file.
        public var entries: [Entry]
        /// The explicit tag as libyaml resolved it, or `nil`.
        public var tag: String?
        /// Where the mapping starts: its first key, or its `{`.
        public var mark: Mark

        /// A mapping of `entries` with an optional explicit `tag`, at `mark`.
        public init(_ entries: [Entry], tag: String? = nil, mark: Mark) {
            self.entries = entries
            self.tag = tag
            self.mark = mark
        }

        /// The keys' texts, in order.
        public var keys: [String] { entries.map(\.key.text) }

        /// The value under the key whose text is `key` (code point for code point), or `nil`.
        public subscript(key: String) -> YAMLNode? {
            entries.first { $0.key.text.hasSameCodePoints(as: key) }?.value
        }

        /// The entry whose key's text is `key` (code point for code point), or `nil`.
        public func entry(_ key: String) -> Entry? {
            entries.first { $0.key.text.hasSameCodePoints(as: key) }
        }
    }
}
