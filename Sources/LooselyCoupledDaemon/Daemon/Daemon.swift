import ArgumentParser
import Logging
import LooselyCoupled
import LooselyCoupledCatalog
import ServiceLifecycle

/// The running daemon: the module manager, the control socket and systemd notification in one
/// `ServiceGroup`, shut down in reverse order on SIGTERM or SIGINT. On SIGHUP the config is read
/// again and applied in place: only the modules whose section changed restart.
struct Daemon {
    let config: DaemonConfig
    let simulate: Bool
    let controlSocket: String
    let environment: DaemonEnvironment
    var catalog = LooselyCoupledDaemon.catalog
    /// `--log-level` was given: a reload leaves the level alone.
    var levelIsFixed = false

    /// The manager's settings from the config's `queue` section and `state_dir`.
    /// `shutdown_timeout` bounds the queue's drain and each module's `stop()`;
    /// ``ShutdownDeadline`` bounds the whole.
    static func managerConfiguration(_ config: DaemonConfig) -> ModuleManager.Configuration {
        let queue = config.queue
        var configuration = ModuleManager.Configuration()
        configuration.stateDirectory = config.stateDir
        configuration.queueCapacity = queue.capacity
        configuration.overflow = queue.overflow == .dropOldest ? .dropOldest : .block
        configuration.shutdownTimeout = queue.shutdownTimeout
        configuration.stopTimeout = queue.shutdownTimeout
        return configuration
    }

    /// Runs until SIGTERM or SIGINT; throws `ExitCode.failure` after logging why the daemon
    /// could not start or why it stopped (a required module that failed). A valid config on
    /// SIGHUP replaces the running one: the modules stop in order and start again with it.
    func run() async throws {
        let logger = Logger(label: "looselycoupled")
        let signals: DaemonSignals
        do {
            signals = try DaemonSignals()
        } catch {
            logger.critical("cannot handle signals", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        let catalog = self.catalog
        let file = config.file
        try await withThrowingDiscardingTaskGroup { tasks in
            tasks.addTask { await signals.handle(load: { try catalog.load(path: file) }, logger: logger) }
            var config = self.config
            while true {
                try await runModules(config, signals: signals, logger: logger)
                guard let next = signals.nextConfig() else { break }
                Self.applyTopLevel(from: config, to: next, levelIsFixed: levelIsFixed, logger: logger)
                config = next
            }
            tasks.cancelAll()
        }
        logger.info("stopped")
    }

    /// `a,b` for a log line, `-` for none.
    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "-" : names.joined(separator: ",")
    }

    /// Says what a reload did with the top-level sections: the logging level and the queue's
    /// capacity change at once; the log format, overflow policy, shutdown timeout and `state_dir`
    /// apply at the next start.
    static func applyTopLevel(from old: DaemonConfig, to new: DaemonConfig, levelIsFixed: Bool, logger: Logger) {
        if new.logging.level != old.logging.level {
            if levelIsFixed {
                logger.notice(
                    "logging.level changed; --log-level was given and stays",
                    metadata: ["level": "\(new.logging.level)"])
            } else {
                StderrLogHandler.setLevel(new.logging.level)
                logger.notice("logging.level changed and applies now", metadata: ["level": "\(new.logging.level)"])
            }
        }
        if new.queue.capacity != old.queue.capacity {
            logger.notice("queue.capacity changed and applies now", metadata: ["capacity": "\(new.queue.capacity)"])
        }
        var later: [String] = []
        if new.logging.format != old.logging.format { later.append("logging.format") }
        if new.queue.overflow != old.queue.overflow { later.append("queue.overflow") }
        if new.queue.shutdownTimeout != old.queue.shutdownTimeout { later.append("queue.shutdown_timeout") }
        if new.stateDir != old.stateDir { later.append("state_dir") }
        if !later.isEmpty {
            logger.warning(
                "these settings changed and apply when the daemon next starts",
                metadata: ["settings": "\(later.joined(separator: ", "))"])
        }
    }

    /// One run of the modules with `config`, until a signal stops them.
    private func runModules(_ config: DaemonConfig, signals: DaemonSignals, logger: Logger) async throws {
        let manager: ModuleManager
        do {
            manager = try ModuleManager(
                catalog.specs(for: config, simulate: simulate), configuration: Self.managerConfiguration(config),
                logger: logger)
        } catch {
            logger.critical("cannot set up the modules", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        let control: ControlServer
        do {
            control = try ControlServer(path: controlSocket, manager: manager, logger: logger)
        } catch {
            logger.critical("cannot open the control socket", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        let notifier = SystemdNotifier(socketPath: environment.notifySocket, logger: logger)
        // The config the modules run with now: a reload in place replaces it.
        let current = Locked(config)
        let notify = SystemdNotifyService(
            manager: manager, notifier: notifier,
            watchdogInterval: environment.watchdogInterval, reloading: { signals.isReloading }, logger: logger)
        let deadline = ShutdownDeadline(deadline: config.queue.shutdownTimeout, logger: logger)
        defer { deadline.disarm() }
        // Graceful shutdown runs in reverse: arm the deadline, tell systemd, close the control
        // socket, then the ordered shutdown of the modules. The signals that start it are
        // DaemonSignals', which outlive this group.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(
                        service: manager, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "modules"),
                    .init(
                        service: control, successTerminationBehavior: .ignore,
                        failureTerminationBehavior: .gracefullyShutdownGroup,
                        serviceName: "control-socket"),
                    .init(
                        service: notify, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore,
                        serviceName: "systemd-notify"),
                    .init(
                        service: deadline, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore,
                        serviceName: "shutdown-deadline"),
                ],
                logger: logger))
        logger.info(
            "starting",
            metadata: [
                "config": "\(config.file)", "modules": "\(manager.moduleNames.count)", "socket": "\(controlSocket)",
                "simulate": "\(simulate)",
            ])
        await signals.willRun(group) { [catalog, simulate, levelIsFixed] next, sender in
            // A SIGHUP while the modules still start is applied once they run; if they never do
            // (a required module failed), there is nothing to reload.
            guard await manager.waitUntilRunning() else { return }
            let applied = current.withLock { $0 }
            notifier.notify(
                "RELOADING=1", "MONOTONIC_USEC=\(MonotonicClock.now() / 1000)", "STATUS=Reloading the config")
            do {
                let summary = try await manager.reconfigure(
                    catalog.specs(for: next, simulate: simulate), configuration: Self.managerConfiguration(next))
                current.withLock { $0 = next }
                logger.notice(
                    "config reloaded",
                    metadata: sender.merging([
                        "kept": "\(Self.list(summary.kept))", "restarted": "\(Self.list(summary.restarted))",
                        "added": "\(Self.list(summary.added))", "removed": "\(Self.list(summary.removed))",
                    ]) { $1 })
                Self.applyTopLevel(from: applied, to: next, levelIsFixed: levelIsFixed, logger: logger)
            } catch {
                logger.error(
                    "SIGHUP: the reload failed; the modules run as they were", metadata: ["error": "\(error)"])
            }
            notifier.notify("READY=1", "STATUS=" + SystemdNotifyService.status(manager.statistics))
        }
        do {
            try await group.run()
        } catch {
            logger.critical("stopped on an error", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
    }
}
