import LooselyCoupled

/// Finds where a key path stands in a config file, for problems found after validation.
enum ConfigSource {
    /// The text of the file at `path`, or `nil` if it cannot be read (the caller then points at
    /// the module instead).
    static func text(ofFile path: String) -> String? {
        (try? Files.read(atPath: path)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The node at `path` under `root`, or `nil` where the path leaves the tree.
    static func node(at path: ConfigPath, in root: YAMLNode) -> YAMLNode? {
        var node = root
        for component in path.components {
            switch component {
            case .key(let key):
                guard let child = node.mapping?[key] else { return nil }
                node = child
            case .index(let index):
                guard let elements = node.sequence?.elements, elements.indices.contains(index) else { return nil }
                node = elements[index]
            }
        }
        return node
    }
}
