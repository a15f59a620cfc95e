import Logging
import LooselyCoupled
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The daemon's swift-log backend: one line per record on stderr, written with one `write` so
/// records from different threads never interleave.
///
/// Every handler logs at one shared level, the config's `logging.level` (or `--log-level`), which
/// a reload may change for all at once (``setLevel(_:)``); a logger given a level of its own
/// keeps that one.
struct StderrLogHandler: LogHandler {
    let label: String
    let format: LogLineFormat
    private var ownLevel: Logger.Level?
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    private static let sharedLevel = Atomic<Int>(Logger.Level.info.index)

    init(label: String, format: LogLineFormat) {
        self.label = label
        self.format = format
    }

    /// The level of every handler without one of its own, from now on.
    static func setLevel(_ level: Logger.Level) {
        sharedLevel.store(level.index, ordering: .relaxed)
    }

    var logLevel: Logger.Level {
        get { ownLevel ?? Logger.Level.allCases[Self.sharedLevel.load(ordering: .relaxed)] }
        set { ownLevel = newValue }
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

extension Logger.Level {
    /// Its position in `allCases`, for the shared atomic level.
    fileprivate var index: Int { Logger.Level.allCases.firstIndex(of: self) ?? 2 }
}
