/// One node of a parsed YAML document, remembering where it starts in the file.
///
/// Scalars keep their text as written and whether it was quoted, so a schema decides what the
/// text means: `off` is a boolean under a key declared `.bool` and the string `"off"` under a key
/// declared `.string`. Aliases are already replaced by the nodes they name.
///
/// ```swift
/// let root = try YAMLParser.parse("baud: 9600\n", file: "demo.yaml")
/// root?.mapping?["baud"]?.scalar?.text   // "9600"
/// root?.mapping?["baud"]?.mark           // 1:7
/// ```
public enum YAMLNode: Sendable, Hashable {
    /// Text: a plain, quoted or block scalar.
    case scalar(Scalar)
    /// A list of nodes.
    case sequence(Sequence)
    /// Keys with their values, in the order of the file.
    case mapping(Mapping)

    /// Where the node starts.
    public var mark: Mark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .sequence(let sequence): sequence.mark
        case .mapping(let mapping): mapping.mark
        }
    }

    /// The node's explicit tag as libyaml resolved it (`tag:yaml.org,2002:str` for `!!str`), or `nil`.
    public var tag: String? {
        switch self {
        case .scalar(let scalar): scalar.tag
        case .sequence(let sequence): sequence.tag
        case .mapping(let mapping): mapping.tag
        }
    }

    /// The scalar, if this node is one.
    public var scalar: Scalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    /// The sequence, if this node is one.
    public var sequence: Sequence? {
        if case .sequence(let sequence) = self { return sequence }
        return nil
    }

    /// The mapping, if this node is one.
    public var mapping: Mapping? {
        if case .mapping(let mapping) = self { return mapping }
        return nil
    }

    /// Whether this is YAML's null: a plain `~`, `null` or nothing at all.
    public var isNull: Bool {
        scalar?.isNull ?? false
    }

    /// What error messages call a node of this kind when it is not what was expected:
    /// `a mapping`, `a list`, `null`, or the scalar's text in double quotes.
    var foundDescription: String {
        switch self {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let scalar): scalar.isNull ? "null" : scalar.quotedText
        }
    }
}
