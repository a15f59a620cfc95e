/// Turns libyaml's events into one ``YAMLNode`` tree: resolves aliases, applies `<<` merge keys,
/// and records duplicate keys, keeping the key path of the node being built for error messages.
struct YAMLTreeBuilder {
    /// The most nodes a document may expand to through aliases, against "billion laughs".
    static let maxNodes = 1_000_000
    /// The deepest nesting of sequences and mappings; a config never comes near it, and the
    /// builder recurses once per level.
    static let maxDepth = 256

    /// Parsing cannot go on; the reason is already in `errors`.
    struct Stop: Error {}

    private struct Anchored {
        var node: YAMLNode
        /// Nodes in the subtree, aliases expanded.
        var size: Int
    }

    private enum MappingItem {
        case entry(YAMLNode.Mapping.Entry)
        case merge([YAMLNode.Mapping])
    }

    private let parser: LibYAMLParser
    private let file: String
    private var anchors: [String: Anchored] = [:]
    private var nodeCount = 0
    private var path = ConfigPath()
    /// Every problem found so far.
    private(set) var errors: [ConfigError] = []

    init(parser: LibYAMLParser, file: String) {
        self.parser = parser
        self.file = file
    }

    /// The document's root, `nil` for an empty stream; throws after a problem that ends parsing.
    mutating func document() throws(Stop) -> YAMLNode? {
        guard case .streamStart = try next().event else {
            throw fail(.syntax, .start, "expected the start of a YAML stream")
        }
        let (first, firstMark) = try next()
        switch first {
        case .streamEnd: return nil
        case .documentStart: break
        default: throw fail(.syntax, firstMark, "expected a YAML document")
        }
        let (event, mark) = try next()
        let root = try node(event, at: mark, depth: 0).node
        let (end, endMark) = try next()
        guard case .documentEnd = end else { throw fail(.syntax, endMark, "expected the end of the document") }
        let (after, afterMark) = try next()
        switch after {
        case .streamEnd:
            return root
        case .documentStart:
            path = ConfigPath()
            throw fail(.syntax, afterMark, "a config file holds one YAML document, but a second one starts here")
        default:
            throw fail(.syntax, afterMark, "expected the end of the YAML stream")
        }
    }

    private mutating func next() throws(Stop) -> (event: LibYAMLParser.Event, mark: Mark) {
        do {
            return try parser.next()
        } catch {
            throw fail(.syntax, error.mark, error.message)
        }
    }

    private mutating func record(_ code: ConfigError.Code, _ mark: Mark, _ message: String, path: ConfigPath? = nil) {
        errors.append(ConfigError(code: code, file: file, mark: mark, path: path ?? self.path, message: message))
    }

    private mutating func fail(_ code: ConfigError.Code, _ mark: Mark, _ message: String) -> Stop {
        record(code, mark, message)
        return Stop()
    }

    /// Counts `count` more nodes in the document, failing past ``maxNodes``.
    private mutating func count(_ count: Int, at mark: Mark) throws(Stop) {
        nodeCount += count
        if nodeCount > Self.maxNodes {
            throw fail(.tooLarge, mark, "the document expands to more than \(Self.maxNodes) nodes through aliases")
        }
    }

    private mutating func remember(_ anchor: String?, _ node: YAMLNode, size: Int) {
        if let anchor { anchors[anchor] = Anchored(node: node, size: size) }
    }

    /// The node that starts with `event`, and its size with aliases expanded.
    private mutating func node(_ event: LibYAMLParser.Event, at mark: Mark, depth: Int) throws(Stop) -> (
        node: YAMLNode, size: Int
    ) {
        switch event {
        case .alias(let anchor):
            guard let anchored = anchors[anchor] else {
                record(.syntax, mark, "alias *\(anchor) names no anchor &\(anchor) defined before it")
                try count(1, at: mark)
                return (.scalar(YAMLNode.Scalar("", mark: mark)), 1)
            }
            try count(anchored.size, at: mark)
            return (anchored.node, anchored.size)
        case .scalar(let anchor, let tag, let text, let style):
            try count(1, at: mark)
            let node = YAMLNode.scalar(YAMLNode.Scalar(text, style: style, tag: tag, mark: mark))
            remember(anchor, node, size: 1)
            return (node, 1)
        case .sequenceStart(let anchor, let tag):
            guard depth < Self.maxDepth else {
                throw fail(.tooLarge, mark, "nesting deeper than \(Self.maxDepth) levels")
            }
            try count(1, at: mark)
            let (elements, size) = try sequenceElements(depth: depth)
            let node = YAMLNode.sequence(YAMLNode.Sequence(elements, tag: tag, mark: mark))
            remember(anchor, node, size: size)
            return (node, size)
        case .mappingStart(let anchor, let tag):
            guard depth < Self.maxDepth else {
                throw fail(.tooLarge, mark, "nesting deeper than \(Self.maxDepth) levels")
            }
            try count(1, at: mark)
            let (entries, size) = try mappingEntries(depth: depth)
            let node = YAMLNode.mapping(YAMLNode.Mapping(entries, tag: tag, mark: mark))
            remember(anchor, node, size: size)
            return (node, size)
        default:
            throw fail(.syntax, mark, "expected a value")
        }
    }

    private mutating func sequenceElements(depth: Int) throws(Stop) -> ([YAMLNode], Int) {
        let outer = path
        defer { path = outer }
        var elements: [YAMLNode] = []
        var size = 1
        while true {
            path = outer.appending(index: elements.count)
            let (event, mark) = try next()
            if case .sequenceEnd = event { break }
            let child = try node(event, at: mark, depth: depth + 1)
            elements.append(child.node)
            size += child.size
        }
        return (elements, size)
    }

    private mutating func mappingEntries(depth: Int) throws(Stop) -> ([YAMLNode.Mapping.Entry], Int) {
        let outer = path
        defer { path = outer }
        var items: [MappingItem] = []
        // By code points: keys that only look alike are two keys, as YAML has them.
        var firstMarks: [CodePointKey: Mark] = [:]
        var size = 1
        while true {
            path = outer
            let (keyEvent, keyMark) = try next()
            if case .mappingEnd = keyEvent { break }
            let key = try node(keyEvent, at: keyMark, depth: depth + 1)
            size += key.size
            let keyScalar = key.node.scalar
            if let keyScalar { path = outer.appending(keyScalar.text) }
            let (valueEvent, valueMark) = try next()
            let value = try node(valueEvent, at: valueMark, depth: depth + 1)
            size += value.size
            guard let keyScalar else {
                record(
                    .unsupported, keyMark, "a mapping key must be a scalar, not \(key.node.foundDescription)",
                    path: outer)
                continue
            }
            if keyScalar.isPlain && keyScalar.tag == nil && keyScalar.text == "<<" {
                if let sources = Self.mergeSources(value.node) {
                    items.append(.merge(sources))
                } else {
                    record(
                        .badValue, value.node.mark,
                        "a merge key '<<' takes a mapping or a list of mappings, not \(value.node.foundDescription)")
                }
                continue
            }
            if let first = firstMarks[CodePointKey(keyScalar.text)] {
                record(
                    .duplicateKey, keyScalar.mark,
                    "duplicate key '\(keyScalar.text)' (first at line \(first.line), column \(first.column))")
                continue
            }
            firstMarks[CodePointKey(keyScalar.text)] = keyScalar.mark
            items.append(.entry(YAMLNode.Mapping.Entry(key: keyScalar, value: value.node)))
        }
        // Keys the mapping sets itself win over merged ones; earlier merge sources win over later.
        var present = Set(firstMarks.keys)
        var entries: [YAMLNode.Mapping.Entry] = []
        for item in items {
            switch item {
            case .entry(let entry):
                entries.append(entry)
            case .merge(let sources):
                for source in sources {
                    for entry in source.entries where present.insert(CodePointKey(entry.key.text)).inserted {
                        entries.append(entry)
                    }
                }
            }
        }
        return (entries, size)
    }

    private static func mergeSources(_ node: YAMLNode) -> [YAMLNode.Mapping]? {
        switch node {
        case .mapping(let mapping):
            return [mapping]
        case .sequence(let sequence):
            let mappings = sequence.elements.compactMap(\.mapping)
            return mappings.count == sequence.elements.count ? mappings : nil
        case .scalar:
            return nil
        }
    }
}
