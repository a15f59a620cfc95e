import Logging
import LooselyCoupled
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The daemon's swift-log backend: one line per record on stderr, written with one `write` so
/// records from different threads never interleave.
struct StderrLogHandler: LogHandler {
    let label: String
    let format: LogLineFormat
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, format: LogLineFormat, level: Logger.Level) {
        self.label = label
        self.format = format
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        let line = format.line(
            level: event.level, label: label, message: event.message.description, metadata: merged, error: event.error,
            wallNow: WallClock.now())
        StandardStream.write(line + "\n", to: STDERR_FILENO)
    }
}

/// Writes to stdout and stderr without buffering, in as few `write` calls as the kernel takes.
enum StandardStream {
    /// Writes `text` to stdout.
    static func out(_ text: String) { write(text, to: STDOUT_FILENO) }

    /// Writes `text` to stderr.
    static func error(_ text: String) { write(text, to: STDERR_FILENO) }

    static func write(_ text: String, to descriptor: Int32) {
        // A stream that fails (a closed pipe) loses the line: there is nowhere to report it.
        try? Files.write(Array(text.utf8), to: FileDescriptor(rawValue: descriptor))
    }
}

// At file scope, where `StandardStream.write` does not shadow the C call.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
