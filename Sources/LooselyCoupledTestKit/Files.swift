#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The contents of the file at `path` as UTF-8 text, or `nil` if it cannot be opened.
public func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count == 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}
