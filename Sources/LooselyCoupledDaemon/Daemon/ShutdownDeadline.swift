import Logging
import LooselyCoupled
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Ends the process if the ordered shutdown overruns `queue.shutdown_timeout`.
///
/// The manager already gives up on a queue that will not drain and on a module whose `stop()`
/// hangs, each at its own deadline; this is the backstop for the whole: when shutdown begins, a
/// plain thread (which a starved or deadlocked concurrency pool cannot hold up) waits out the
/// deadline plus a grace second, then logs and exits with status 1, unless the daemon disarmed
/// it because the modules stopped in time to start again with a reloaded config.
final class ShutdownDeadline: Service, Sendable {
    let deadline: Duration
    let logger: Logger
    private let disarmed = Locked(false)

    init(deadline: Duration, logger: Logger) {
        self.deadline = deadline
        self.logger = logger
    }

    /// The shutdown ended in time; the process goes on.
    func disarm() {
        disarmed.withLock { $0 = true }
    }

    /// A second for the last log lines and socket cleanup after the manager's own deadlines.
    static let grace: Duration = .seconds(1)

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
        let total = deadline + Self.grace
        // Never joined: it ends with the process, by its own exit or this thread's, or after
        // the deadline once disarmed.
        _ = try? OSThread.spawn(name: "lc-deadline") { [self] in
            let nanoseconds = total.components.seconds * 1_000_000_000 + total.components.attoseconds / 1_000_000_000
            var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
            var remaining = timespec()
            while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
            guard !disarmed.withLock({ $0 }) else { return }
            logger.critical("shutdown overran its deadline; exiting", metadata: ["deadline": "\(total)"])
            _exit(1)
        }
    }
}
