import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a config file through ``Files`` (swift-system), so the core needs no Foundation.
enum ConfigFile {
    /// The largest config file read: far beyond any real config, small enough for a Pi.
    static let maxSize = 4 << 20

    /// The bytes of the file at `path`.
    ///
    /// - Throws: ``ConfigError`` with code `unreadable`, worded
    ///   `PATH: cannot read: No such file or directory` from errno.
    static func bytes(atPath path: String) throws(ConfigError) -> [UInt8] {
        do {
            return try Files.read(atPath: path, limit: maxSize)
        } catch .fileTooLarge {
            throw ConfigError(
                code: .unreadable, file: path, mark: nil, message: "cannot read: larger than \(maxSize >> 20) MiB")
        } catch {
            throw failure(path, errno: error.rawValue)
        }
    }

    private static func failure(_ path: String, errno code: Int32) -> ConfigError {
        let reason = Errno(rawValue: code).description
        return ConfigError(code: .unreadable, file: path, mark: nil, message: "cannot read: \(reason)")
    }
}
