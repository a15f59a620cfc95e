extension YAMLNode {
    /// A sequence node: its elements in the order of the file.
    public struct Sequence: Sendable, Hashable {
        /// The elements, in order.
        public var elements: [YAMLNode]
        /// The explicit tag as libyaml resolved it, or `nil`.
        public var tag: String?
        /// Where the sequence starts: its first `-` or its `[`.
        public var mark: Mark

        /// A sequence of `elements` with an optional explicit `tag`, at `mark`.
        public init(_ elements: [YAMLNode], tag: String? = nil, mark: Mark) {
            self.elements = elements
            self.tag = tag
            self.mark = mark
        }
    }
}
