import LooselyCoupled
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The error lines a throwing config call prints, or `[]` if it does not throw.
func errorLines<T>(_ body: () throws -> T) -> [String] {
    configErrors(body).map(\.description)
}

/// The errors a throwing config call reports, or `[]` if it does not throw.
func configErrors<T>(_ body: () throws -> T) -> [ConfigError] {
    do {
        _ = try body()
        return []
    } catch let error as ConfigErrors {
        return error.errors
    } catch {
        Issue.record("unexpected error \(error)")
        return []
    }
}

/// A file in /tmp holding `contents`, removed by `remove()`.
struct TemporaryFile {
    let path: String

    init(contents: String) {
        self.init(bytes: Array(contents.utf8))
    }

    init(bytes: [UInt8]) {
        var template = Array("/tmp/looselycoupled-config-XXXXXX.yaml".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemps($0, 5) } ?? -1
        }
        precondition(descriptor >= 0, "mkstemps failed: errno \(errno)")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        precondition(written == bytes.count, "write failed: errno \(errno)")
        close(descriptor)
    }

    func remove() {
        unlink(path)
    }
}
