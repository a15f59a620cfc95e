import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a config file with plain POSIX calls, so the core needs no Foundation.
enum ConfigFile {
    /// The largest config file read: far beyond any real config, small enough for a Pi.
    static let maxSize = 4 << 20

    /// The bytes of the file at `path`.
    ///
    /// - Throws: ``ConfigError`` with code `unreadable`, worded
    ///   `PATH: cannot read: No such file or directory` from errno.
    static func bytes(atPath path: String) throws(ConfigError) -> [UInt8] {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { throw failure(path, errno: errno) }
        defer { close(descriptor) }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno: errno)
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            if bytes.count > maxSize {
                throw ConfigError(
                    code: .unreadable, file: path, mark: nil, message: "cannot read: larger than \(maxSize >> 20) MiB")
            }
        }
    }

    private static func failure(_ path: String, errno code: Int32) -> ConfigError {
        let reason = Errno(rawValue: code).description
        return ConfigError(code: .unreadable, file: path, mark: nil, message: "cannot read: \(reason)")
    }
}
