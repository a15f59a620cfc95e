import ArgumentParser
import Logging
import LooselyCoupled
import LooselyCoupledCatalog
import ServiceLifecycle

/// The running daemon: the module manager, the control socket and systemd notification in one
/// `ServiceGroup`, shut down in reverse order on SIGTERM or SIGINT, and made anew with the
/// config read again on SIGHUP.
struct Daemon {
    let config: DaemonConfig
    let simulate: Bool
    let controlSocket: String
    let environment: DaemonEnvironment
    var catalog = LooselyCoupledDaemon.catalog

    /// The manager's settings from the config's `queue` section. `shutdown_timeout` bounds the
    /// queue's drain and each module's `stop()`; ``ShutdownDeadline`` bounds the whole.
    static func managerConfiguration(_ queue: DaemonConfig.Queue) -> ModuleManager.Configuration {
        var configuration = ModuleManager.Configuration()
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
                if next.logging != config.logging {
                    logger.warning("the logging section changed; it takes effect when the daemon restarts")
                }
                config = next
            }
            tasks.cancelAll()
        }
        logger.info("stopped")
    }

    /// One run of the modules with `config`, until a signal stops them.
    private func runModules(_ config: DaemonConfig, signals: DaemonSignals, logger: Logger) async throws {
        let manager: ModuleManager
        do {
            manager = try ModuleManager(
                catalog.specs(for: config, simulate: simulate), configuration: Self.managerConfiguration(config.queue),
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
        let notify = SystemdNotifyService(
            manager: manager, notifier: SystemdNotifier(socketPath: environment.notifySocket, logger: logger),
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
        await signals.willRun(group)
        do {
            try await group.run()
        } catch {
            logger.critical("stopped on an error", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
    }
}
