import Logging
import ServiceLifecycle
import UnixSignals

/// Keeps SIGHUP (`systemctl reload`) from killing the daemon.
///
/// SIGHUP's default action ends the process, and systemd counts that as a clean exit, so
/// `Restart=on-failure` would not bring the daemon back. Until the daemon can reload its config,
/// a hangup is logged and the daemon keeps running with the config it started with.
///
/// The handler is installed when the service is made, before the daemon starts anything, so a
/// hangup at any time after that is caught.
struct HangupService: Service {
    private let hangups: UnixSignalsSequence
    private let logger: Logger

    init(logger: Logger) async {
        self.hangups = await UnixSignalsSequence(trapping: .sighup)
        self.logger = logger
    }

    func run() async throws {
        for await _ in hangups.cancelOnGracefulShutdown() {
            logger.notice("SIGHUP: reloading the config is not supported yet; restart the daemon to apply changes")
        }
    }
}
