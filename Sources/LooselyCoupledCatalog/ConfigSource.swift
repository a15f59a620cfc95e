import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds where a key path stands in a config file, for problems found after validation.
enum ConfigSource {
    /// The text of the file at `path`, or `nil` if it cannot be read (the caller then points at
    /// the module instead).
    static func text(ofFile path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { return String(decoding: bytes, as: UTF8.self) }
            bytes += chunk[0..<count]
        }
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
