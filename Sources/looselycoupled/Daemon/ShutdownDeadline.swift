#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LooselyCoupled
import Logging
import ServiceLifecycle

/// Ends the process if the ordered shutdown overruns `queue.shutdown_timeout`.
///
/// The manager already gives up on a queue that will not drain and on a module whose `stop()`
/// hangs, each at its own deadline; this is the backstop for the whole: when shutdown begins, a
/// plain thread (which a starved or deadlocked concurrency pool cannot hold up) waits out the
/// deadline plus a grace second, then logs and exits with status 1.
struct ShutdownDeadline: Service {
    let deadline: Duration
    let logger: Logger

    /// A second for the last log lines and socket cleanup after the manager's own deadlines.
    static let grace: Duration = .seconds(1)

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return
        }
        let total = deadline + Self.grace
        let logger = self.logger
        // Never joined: it ends with the process, by its own exit or this thread's.
        _ = try? OSThread.spawn(name: "lc-deadline") {
            let nanoseconds = total.components.seconds * 1_000_000_000 + total.components.attoseconds / 1_000_000_000
            var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
            var remaining = timespec()
            while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
            logger.critical("shutdown overran its deadline; exiting", metadata: ["deadline": "\(total)"])
            _exit(1)
        }
    }
}
