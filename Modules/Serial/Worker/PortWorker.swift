import DequeModule
import LooselyCoupled
import Logging
import SystemPackage

/// The thread of one serial module that owns its port: opens it (and reopens it with backoff
/// after a loss), reads and frames what arrives, writes what the module submits, and matches
/// replies to requests.
///
/// Nothing here runs on the Swift concurrency pool: the thread polls the port and a wake-up pipe
/// with a timeout (the idle gap, a write or reply deadline, the silence timeout, the next path
/// check). What it has for the module — frames, connects, disconnects, silences — goes into an
/// inbox in order, and the first notice into an empty inbox calls `handOff`, which asks the
/// module's actor to take them all: one hand-off per read however many frames it held, none
/// while the module has not taken the last. With 10 000 frames waiting, reading pauses until
/// the module has taken them (backpressure: the driver buffers, flow control holds the device).
///
/// Writes and requests are jobs, done one at a time in the order submitted; a request holds
/// the jobs behind it until its reply (the next frame after its write that matches its
/// `expect`) or its deadline, so replies are never crossed. While the port is closed, a
/// submission fails at once with `disconnected`.
final class PortWorker: Sendable {
    let options: Options
    let counters = PortCounters()
    let shared: Shared

    private init(options: Options, shared: Shared) {
        self.options = options
        self.shared = shared
    }

    /// Starts the thread and waits for its first open of the port.
    ///
    /// - Parameters:
    ///   - handOff: Called on the thread when notices are waiting and the module has not been
    ///     asked for them yet; returns whether the module was asked (it then calls ``takeNotices()``).
    /// - Returns: The worker and the port as opened.
    /// - Throws: ``SerialError`` from the first open; the thread has ended then.
    static func start(
        backend: any SerialBackend, options: Options, name: String, logger: Logger, handOff: @escaping @Sendable () -> Bool
    ) async throws(SerialError) -> (PortWorker, Connection) {
        let shared: Shared
        do {
            shared = try Shared(path: options.path)
        } catch {
            throw SerialError.system(error, "cannot create the port thread's wake-up pipe")
        }
        let worker = PortWorker(options: options, shared: shared)
        let counters = worker.counters
        let opened: Result<Connection, SerialError> = await withCheckedContinuation { continuation in
            do throws(OSThread.SpawnError) {
                _ = try OSThread.spawn(name: name) {
                    var loop = Loop(backend: backend, options: options, shared: shared, counters: counters, logger: logger, handOff: handOff)
                    let first = loop.openFirst()
                    continuation.resume(returning: first)
                    if case .success = first { loop.run() }
                    shared.finish()
                }
            } catch {
                continuation.resume(returning: .failure(SerialError(.system, "cannot start the port thread", errno: .init(rawValue: error.errno))))
            }
        }
        return (worker, try opened.get())
    }

    /// Queues `job`; it completes on the port thread.
    ///
    /// - Throws: `disconnected` at once while the port is closed, `stopped` after ``stop()``.
    func submit(_ job: Job) throws(SerialError) {
        let refusal = shared.control.withLock { control -> SerialError? in
            if control.stopping { return SerialError(.stopped, "\(options.path): the serial module is stopping") }
            guard control.connected else {
                return SerialError(.disconnected, "\(options.path) is disconnected (\(control.reason)); the module reopens it by itself")
            }
            control.jobs.append(job)
            return nil
        }
        if let refusal { throw refusal }
        shared.wake.signal()
    }

    /// Everything the thread has for the module, in order; the next notice hands off again.
    func takeNotices() -> [Notice] {
        let (notices, readerWaiting) = shared.inbox.withLock { inbox in
            inbox.handOffPending = false
            inbox.frameCount = 0
            defer {
                inbox.notices.removeAll(keepingCapacity: true)
                inbox.readerWaiting = false
            }
            return (inbox.notices, inbox.readerWaiting)
        }
        if readerWaiting { shared.wake.signal() }
        return notices
    }

    /// Stops the thread: the port closes, waiting jobs fail with `stopped`. Returns once it ended.
    func stop() async {
        shared.control.withLock { $0.stopping = true }
        shared.wake.signal()
        await shared.finished()
    }

    /// What the module and the thread share, each part behind its lock.
    final class Shared: Sendable {
        struct Control {
            var jobs: Deque<Job> = []
            var connected = false
            /// Why the port is closed, while it is.
            var reason = "not opened yet"
            var stopping = false
            var done = false
            var waiters: [CheckedContinuation<Void, Never>] = []
        }

        struct Inbox {
            var notices: [Notice] = []
            /// Frames in `notices`.
            var frameCount = 0
            /// Whether the module was asked to take the notices and has not yet.
            var handOffPending = false
            /// Whether the thread paused reading for the module to take them.
            var readerWaiting = false
        }

        let wake: WakePipe
        let control = Locked(Control())
        let inbox = Locked(Inbox())

        init(path: String) throws(Errno) {
            do {
                wake = try WakePipe()
            } catch {
                throw Errno(rawValue: error.errno)
            }
        }

        func finish() {
            let waiters = control.withLock { control in
                control.done = true
                control.connected = false
                control.reason = "the module stopped"
                defer { control.waiters = [] }
                return control.waiters
            }
            for waiter in waiters { waiter.resume() }
        }

        func finished() async {
            await withCheckedContinuation { continuation in
                let done = control.withLock { control in
                    if control.done { return true }
                    control.waiters.append(continuation)
                    return false
                }
                if done { continuation.resume() }
            }
        }
    }
}
