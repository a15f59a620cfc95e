/// Where in the config tree something sits: `modules.door.baud`, `rules[2].do`.
///
/// Keys are joined with dots and sequence indices are written `[N]`, counting from 0. The empty
/// path is the document itself.
public struct ConfigPath: Sendable, Hashable, CustomStringConvertible {
    /// One step down the config tree.
    public enum Component: Sendable, Hashable {
        /// The value under a mapping key.
        case key(String)
        /// The element of a sequence at an index, counting from 0.
        case index(Int)
    }

    /// The steps from the document's root, outermost first.
    public var components: [Component]

    /// A path made of `components`; the empty path is the document's root.
    public init(_ components: [Component] = []) {
        self.components = components
    }

    /// Whether this is the root of the document.
    public var isEmpty: Bool { components.isEmpty }

    /// This path followed by the mapping key `key`.
    public func appending(_ key: String) -> ConfigPath {
        ConfigPath(components + [.key(key)])
    }

    /// This path followed by the sequence element at `index`.
    public func appending(index: Int) -> ConfigPath {
        ConfigPath(components + [.index(index)])
    }

    /// The path as error messages print it: `modules.panel.inputs.doorbell.line`, `rules[2].do`.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
