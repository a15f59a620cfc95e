import Logging
import LooselyCoupled
import ServiceLifecycle

/// Tells systemd how the daemon is doing: `READY=1` once every module that could start is
/// active, `WATCHDOG=1` every half watchdog period while the dispatcher makes progress,
/// `STATUS=…` as it changes, and `STOPPING=1` when shutdown begins, or `RELOADING=1` when the
/// modules stop to start again with a reloaded config (the next run's `READY=1` ends it).
struct SystemdNotifyService: Service {
    let manager: ModuleManager
    let notifier: SystemdNotifier
    /// How often to send `WATCHDOG=1`; `nil` without a watchdog.
    let watchdogInterval: Duration?
    /// Whether the shutdown that began is a reload's.
    let reloading: @Sendable () -> Bool
    let logger: Logger

    func run() async throws {
        guard notifier.socketPath != nil else {
            // Nothing to tell, but still end only at shutdown: the service group may notice a
            // service that returned at start only once its shutdown has begun, and then takes
            // it for one that failed (the daemon exited 1 on a SIGTERM that came early).
            try? await gracefulShutdown()
            return
        }
        // Not a child task: waiting for readiness must not hold up the group's shutdown, which
        // stops this service before the manager.
        let readiness = Task {
            await manager.waitUntilRunning()
            guard !Task.isShuttingDownGracefully, !Task.isCancelled else { return }
            notifier.notify("READY=1", "STATUS=" + Self.status(manager.statistics))
            logger.debug("notified systemd: ready")
        }
        defer { readiness.cancel() }
        if let watchdogInterval {
            await watchdog(every: watchdogInterval)
        } else {
            // Returns when shutdown begins; throws only if the group is cancelled instead.
            try? await gracefulShutdown()
        }
        if reloading() {
            notifier.notify(
                "RELOADING=1", "MONOTONIC_USEC=\(MonotonicClock.now() / 1000)", "STATUS=Reloading the config")
            logger.debug("notified systemd: reloading")
        } else {
            notifier.notify("STOPPING=1", "STATUS=Stopping")
            logger.debug("notified systemd: stopping")
        }
    }

    /// Pings while the dispatcher is healthy: a tick is skipped when items are queued and none
    /// was handled since the last tick. The loop itself runs on the Swift concurrency pool, so
    /// a starved pool stops the pings too, and systemd restarts the daemon.
    private func watchdog(every interval: Duration) async {
        var last = manager.statistics
        var lastStatus = ""
        notifier.notify("WATCHDOG=1")
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            let now = manager.statistics
            let stuck = now.queueDepth > 0 && now.processed == last.processed
            last = now
            guard !stuck else {
                logger.warning(
                    "dispatcher made no progress; withholding the watchdog ping",
                    metadata: ["queued": "\(now.queueDepth)"])
                continue
            }
            let status = Self.status(now)
            if status != lastStatus {
                notifier.notify("WATCHDOG=1", "STATUS=" + status)
                lastStatus = status
            } else {
                notifier.notify("WATCHDOG=1")
            }
        }
    }

    /// `Running 3 modules` or `Running 3 modules, 1 failed: door`, for `systemctl status`.
    static func status(_ statistics: Statistics) -> String {
        let failed = statistics.modules.filter { $0.state == .failed }.map(\.name)
        let running = statistics.modules.filter { $0.state == .active }.count
        var text = "Running \(running) module" + (running == 1 ? "" : "s")
        if !failed.isEmpty { text += ", \(failed.count) failed: " + failed.joined(separator: ", ") }
        return text
    }
}
