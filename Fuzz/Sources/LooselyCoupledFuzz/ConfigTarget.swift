import LooselyCoupled
import LooselyCoupledCatalog
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The config loader as `looselycoupled check` and `run` use it: the bytes of a file, read and
/// checked against every built-in module type's schema and checks, then turned into the module
/// specs the daemon would start. A config that does not load must say why, one problem per line,
/// each line `FILE:…`, with no control character of the input printed raw.
enum ConfigTarget: FuzzTarget {
    nonisolated(unsafe) static var path = ""

    static func prepare() {
        var template = Array("\(ProcessInfo.temporaryDirectory)/looselycoupled-fuzz-XXXXXX.yaml".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemps($0, 5) } ?? -1
        }
        guard descriptor >= 0 else {
            fail("cannot create a config file in \(ProcessInfo.temporaryDirectory): errno \(errno)")
        }
        close(descriptor)
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        atexit { unlink(ConfigTarget.path) }
    }

    static func fuzz(_ input: UnsafeRawBufferPointer) {
        store(input)
        let config: DaemonConfig
        do {
            config = try ModuleCatalog.builtIn.load(path: path)
        } catch {
            let report = "\(error)"
            check(!report.isEmpty, "a config error with no message")
            for line in report.split(separator: "\n", omittingEmptySubsequences: false) {
                check(
                    line.hasPrefix("\(path):"),
                    "an error line that does not start with the file: \(line.debugDescription)")
                check(
                    !line.unicodeScalars.contains(where: isRawControl),
                    "a control character printed raw: \(line.debugDescription)")
            }
            return
        }
        let specs = ModuleCatalog.builtIn.specs(for: config, simulate: true)
        check(specs.count <= config.modules.count, "more specs than modules")
    }

    private static func isRawControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
    }

    private static func store(_ input: UnsafeRawBufferPointer) {
        do throws(Errno) {
            let file = try Files.errno {
                try FileDescriptor.open(FilePath(path), .writeOnly, options: [.truncate, .closeOnExec])
            }
            defer { try? file.close() }
            try Files.write(Array(input), to: file)
        } catch {
            fail("cannot write \(path): \(error)")
        }
    }
}

enum ProcessInfo {
    /// `TMPDIR`, or `/tmp`.
    static var temporaryDirectory: String {
        getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }
}
