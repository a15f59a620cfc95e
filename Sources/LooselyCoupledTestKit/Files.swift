import LooselyCoupled
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The contents of the file at `path` as UTF-8 text, or `nil` if it cannot be opened.
public func readFile(_ path: String) -> String? {
    readFileBytes(path).map { String(decoding: $0, as: UTF8.self) }
}

/// The names in the directory at `path`, sorted, without `.` and `..`; empty if it cannot be read.
public func directoryEntries(_ path: String) -> [String] {
    ((try? Files.entries(inDirectory: path)) ?? []).sorted()
}

/// A fresh, empty directory under /tmp whose name starts with `prefix`; ``removeDirectory(_:)``
/// removes it.
public func makeTemporaryDirectory(_ prefix: String = "lc-test") -> String {
    var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
    _ = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
    return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// Removes the directory at `path` and the files in it (one level deep), as tests leave their
/// state directories; what cannot be removed stays.
public func removeDirectory(_ path: String) {
    for name in directoryEntries(path) { _ = unlink(path + "/" + name) }
    _ = rmdir(path)
}

/// The bytes of the file at `path`, or `nil` if it cannot be read (``Files/read(atPath:limit:)``).
public func readFileBytes(_ path: String) -> [UInt8]? {
    try? Files.read(atPath: path)
}

/// Writes `text` to a new (or emptied) file at `path`; `false` if it cannot be written.
@discardableResult
public func writeFile(_ path: String, _ text: String) -> Bool {
    do {
        let file = try FileDescriptor.open(
            path, .writeOnly, options: [.create, .truncate, .closeOnExec],
            permissions: [.ownerReadWrite, .groupRead, .otherRead])
        defer { try? file.close() }
        try Files.write(Array(text.utf8), to: file)
        return true
    } catch {
        return false
    }
}
