public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Whole-file reads and writes on swift-system's `FileDescriptor`: `EINTR` retried, every
/// failure an `Errno`. The one place the daemon, the catalog and module types read or write a
/// file, instead of a loop of their own around `read(2)`.
public enum Files {
    /// The bytes of the file at `path`, to its end.
    ///
    /// - Parameter limit: The most bytes read; a longer file fails with `Errno.fileTooLarge`.
    /// - Throws: The `Errno` of the `open` or `read` that failed.
    public static func read(atPath path: String, limit: Int = .max) throws(Errno) -> [UInt8] {
        try errno {
            let file = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
            return try file.closeAfter {
                var bytes: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 64 << 10)
                while true {
                    let count = try chunk.withUnsafeMutableBytes { try file.read(into: $0) }
                    if count == 0 { return bytes }
                    bytes += chunk[..<count]
                    if bytes.count > limit { throw Errno.fileTooLarge }
                }
            }
        }
    }

    /// Writes all of `bytes` to `file`, retrying partial writes and `EINTR`.
    ///
    /// - Throws: The `Errno` of the `write` that failed.
    public static func write(_ bytes: [UInt8], to file: FileDescriptor) throws(Errno) {
        try errno { _ = try file.writeAll(bytes) }
    }

    /// The names in the directory at `path`, without `.` and `..`, in the order the system
    /// lists them.
    ///
    /// - Throws: The `Errno` of the `opendir` that failed.
    public static func entries(inDirectory path: String) throws(Errno) -> [String] {
        guard let stream = opendir(path) else { throw lastErrno() }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// What the symbolic link at `path` holds (the path it points to, as written in it).
    ///
    /// - Throws: The `Errno` of the `readlink` that failed (`EINVAL` for a path that is no link).
    public static func linkTarget(atPath path: String) throws(Errno) -> String {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                chars.baseAddress.map { readlink(path, $0, chars.count) } ?? -1
            }
        }
        guard count >= 0 else { throw lastErrno() }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    /// Runs `body`, whose swift-system calls throw `Errno` untyped, with the error typed.
    public static func errno<T>(_ body: () throws -> T) throws(Errno) -> T {
        do {
            return try body()
        } catch let error as Errno {
            throw error
        } catch {
            throw Errno.ioError
        }
    }
}

/// The errno the last failed call left, at file scope where ``Files/errno(_:)`` does not hide it.
private func lastErrno() -> Errno { Errno(rawValue: errno) }
