package import Logging
import LooselyCoupledPOSIX
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

/// One JSON file in `state_dir`, replaced atomically (write a temporary file, fsync, rename,
/// fsync the directory), so a power cut leaves either the old content or the new one, never a
/// torn file.
///
/// Writes run on a serial Dispatch queue, off the actors and off the Swift concurrency pool (an
/// fsync on an SD card can take tens of milliseconds); bursts are coalesced to the latest content.
package final class StateFile: Sendable {
    /// Where it is.
    package let path: String
    private let directory: String
    private let logger: Logger
    private let queue: DispatchQueue
    /// The newest content not yet written, and whether a write is already queued.
    private let pending = Locked<(snapshot: Value?, queued: Bool)>((nil, false))

    /// The file `name` in `directory`.
    package init(directory: String, name: String, logger: Logger) {
        self.directory = directory
        self.path = directory + "/" + name
        self.logger = logger
        self.queue = DispatchQueue(label: "looselycoupled.state.\(name)")
    }

    /// The content, or `nil` when there is none yet. A file that cannot be read or parsed is
    /// logged (with `what` happens then) and treated as missing, never trusted in part.
    package func load(otherwise what: String) -> Value? {
        let bytes: [UInt8]
        do {
            bytes = try Files.read(atPath: path, limit: 1 << 20)
        } catch .noSuchFileOrDirectory {
            return nil
        } catch {
            logger.warning(
                "cannot read a state file", metadata: ["file": "\(path)", "error": "\(error)", "then": "\(what)"])
            return nil
        }
        guard let value = try? Value(json: String(decoding: bytes, as: UTF8.self)) else {
            logger.warning("a state file is not valid JSON", metadata: ["file": "\(path)", "then": "\(what)"])
            return nil
        }
        return value
    }

    /// Saves `content` soon; a later call before the write replaces it.
    package func save(_ content: Value) {
        let enqueue = pending.withLock { pending -> Bool in
            pending.snapshot = content
            defer { pending.queued = true }
            return !pending.queued
        }
        guard enqueue else { return }
        queue.async { [self] in
            let snapshot = pending.withLock { pending -> Value? in
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
    package func flush() async {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume() }
        }
    }

    private func write(_ content: Value) {
        let bytes = Array((content.json + "\n").utf8)
        let temporary = path + ".tmp"
        do throws(StateFileError) {
            try Self.makeDirectory(directory)
            let file: FileDescriptor
            do throws(Errno) {
                file = try Files.errno {
                    try FileDescriptor.open(
                        temporary, .writeOnly, options: [.create, .truncate, .closeOnExec],
                        permissions: [.ownerReadWrite, .groupRead, .otherRead])
                }
            } catch {
                throw StateFileError("cannot create \(temporary)", error)
            }
            defer { try? file.close() }
            do throws(Errno) {
                try Files.write(bytes, to: file)
            } catch {
                throw StateFileError("cannot write \(temporary)", error)
            }
            guard fsync(file.rawValue) == 0 else {
                throw StateFileError("cannot fsync \(temporary)", Errno(rawValue: errno))
            }
            guard rename(temporary, path) == 0 else {
                throw StateFileError("cannot rename \(temporary) to \(path)", Errno(rawValue: errno))
            }
            let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if directoryDescriptor >= 0 {
                _ = fsync(directoryDescriptor)
                close(directoryDescriptor)
            }
        } catch {
            logger.error("cannot save a state file", metadata: ["file": "\(path)", "error": "\(error)"])
        }
    }

    /// Creates `directory` and its missing parents, mode 0755.
    private static func makeDirectory(_ directory: String) throws(StateFileError) {
        var path = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/", omittingEmptySubsequences: true) {
            path += "/" + component
            if mkdir(path, 0o755) != 0 {
                let failure = errno
                if failure != EEXIST {
                    throw StateFileError("cannot create the state directory \(path)", Errno(rawValue: failure))
                }
            }
        }
    }
}

/// What failed while saving a state file, with its errno.
struct StateFileError: Error, CustomStringConvertible {
    let operation: String
    let errno: Errno

    init(_ operation: String, _ errno: Errno) {
        self.operation = operation
        self.errno = errno
    }

    var description: String { "\(operation): \(errno)" }
}
