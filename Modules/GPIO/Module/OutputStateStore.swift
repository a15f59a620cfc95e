import Logging
import LooselyCoupled
import Synchronization
import SystemPackage

#if canImport(Dispatch)
    import Dispatch
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The saved states of a module's `initial: restore` outputs: one JSON file in `state_dir`,
/// replaced atomically (write a temporary file, fsync, rename, fsync the directory), so a power
/// cut leaves either the old state or the new one, never a torn file.
///
/// Writes run on a serial Dispatch queue, off the actor and off the Swift concurrency pool (an
/// fsync on an SD card can take tens of milliseconds); bursts are coalesced to the latest state.
final class OutputStateStore: Sendable {
    /// The file, `STATE_DIR/gpio-MODULE.json`.
    let path: String
    private let directory: String
    private let logger: Logger
    private let queue: DispatchQueue
    /// The newest state not yet written, and whether a write is already queued.
    private let pending = Locked<(snapshot: Value.Object?, queued: Bool)>((nil, false))

    init(directory: String, module: String, logger: Logger) {
        self.directory = directory
        self.path = directory + "/gpio-" + module + ".json"
        self.logger = logger
        self.queue = DispatchQueue(label: "looselycoupled.gpio.state.\(module)")
    }

    /// The saved state of each output, by name; empty when nothing was saved yet. A file that
    /// cannot be read or parsed is logged and treated as empty, never trusted in part.
    func load() -> Value.Object {
        let bytes: [UInt8]
        do {
            bytes = try Files.read(atPath: path, limit: 1 << 20)
        } catch .noSuchFileOrDirectory {
            return [:]
        } catch {
            logger.warning(
                "cannot read the saved output states; outputs start off",
                metadata: ["file": "\(path)", "error": "\(error)"])
            return [:]
        }
        guard let value = try? Value(json: String(decoding: bytes, as: UTF8.self)),
            let outputs = value["outputs"]?.objectValue
        else {
            logger.warning(
                "the saved output states are not valid JSON; outputs start off", metadata: ["file": "\(path)"])
            return [:]
        }
        return outputs
    }

    /// Saves `outputs` soon; a later call before the write replaces it.
    func save(_ outputs: Value.Object) {
        let enqueue = pending.withLock { pending -> Bool in
            pending.snapshot = outputs
            defer { pending.queued = true }
            return !pending.queued
        }
        guard enqueue else { return }
        queue.async { [self] in
            let snapshot = pending.withLock { pending -> Value.Object? in
                defer {
                    pending.snapshot = nil
                    pending.queued = false
                }
                return pending.snapshot
            }
            if let snapshot { write(snapshot) }
        }
    }

    /// Returns once every save requested so far is on disk.
    func flush() async {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume() }
        }
    }

    private func write(_ outputs: Value.Object) {
        let bytes = Array((Value.object(["version": 1, "outputs": .object(outputs)]).json + "\n").utf8)
        let temporary = path + ".tmp"
        do {
            try Self.makeDirectory(directory)
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw GPIOError.system(errno, "cannot create \(temporary)") }
            do throws(Errno) {
                try Files.write(bytes, to: FileDescriptor(rawValue: descriptor))
            } catch {
                close(descriptor)
                throw GPIOError.system(error, "cannot write \(temporary)")
            }
            if fsync(descriptor) != 0 {
                let failure = errno
                close(descriptor)
                throw GPIOError.system(failure, "cannot fsync \(temporary)")
            }
            close(descriptor)
            guard rename(temporary, path) == 0 else {
                throw GPIOError.system(errno, "cannot rename \(temporary) to \(path)")
            }
            let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if directoryDescriptor >= 0 {
                _ = fsync(directoryDescriptor)
                close(directoryDescriptor)
            }
        } catch {
            logger.error("cannot save the output states", metadata: ["file": "\(path)", "error": "\(error)"])
        }
    }

    /// Creates `directory` and its missing parents, mode 0755.
    private static func makeDirectory(_ directory: String) throws(GPIOError) {
        var path = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/", omittingEmptySubsequences: true) {
            path += "/" + component
            if mkdir(path, 0o755) != 0 {
                let failure = errno
                if failure != EEXIST { throw GPIOError.system(failure, "cannot create the state directory \(path)") }
            }
        }
    }
}
