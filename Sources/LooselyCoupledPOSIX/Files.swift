public import SystemPackage

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
