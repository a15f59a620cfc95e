import Logging
import LooselyCoupledPOSIX

/// Sends sd_notify(3) messages as datagrams to `NOTIFY_SOCKET`, the protocol libsystemd speaks,
/// so the daemon needs no libsystemd. Without a socket it does nothing.
struct SystemdNotifier: Sendable {
    let socketPath: String?
    let logger: Logger

    /// Sends `assignments` (`READY=1`, `STATUS=…`), one per line, in one datagram.
    func notify(_ assignments: String...) {
        guard let socketPath else { return }
        let message = assignments.joined(separator: "\n")
        do {
            try UnixSocket.sendDatagram(message, to: socketPath)
        } catch {
            logger.warning("cannot notify systemd", metadata: ["error": "\(error)", "message": "\(message)"])
        }
    }
}
