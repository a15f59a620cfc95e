import ArgumentParser
import LooselyCoupled
import LooselyCoupledCatalog
import Logging
import ServiceLifecycle
import UnixSignals

/// The running daemon: the module manager, the control socket and systemd notification in one
/// `ServiceGroup`, shut down in reverse order on SIGTERM or SIGINT.
struct Daemon {
    let config: DaemonConfig
    let simulate: Bool
    let controlSocket: String
    let environment: DaemonEnvironment
    var catalog = ModuleCatalog.builtIn

    /// The manager's settings from the config's `queue` section. `shutdown_timeout` bounds the
    /// queue's drain and each module's `stop()`; ``ShutdownDeadline`` bounds the whole.
    var managerConfiguration: ModuleManager.Configuration {
        var configuration = ModuleManager.Configuration()
        configuration.queueCapacity = config.queue.capacity
        configuration.overflow = config.queue.overflow == .dropOldest ? .dropOldest : .block
        configuration.shutdownTimeout = config.queue.shutdownTimeout
        configuration.stopTimeout = config.queue.shutdownTimeout
        return configuration
    }

    /// Runs until shutdown; throws `ExitCode.failure` after logging why the daemon could not
    /// start or why it stopped (a required module that failed).
    func run() async throws {
        let logger = Logger(label: "looselycoupled")
        let manager: ModuleManager
        do {
            manager = try ModuleManager(catalog.specs(for: config, simulate: simulate), configuration: managerConfiguration, logger: logger)
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
            watchdogInterval: environment.watchdogInterval, logger: logger)
        let deadline = ShutdownDeadline(deadline: config.queue.shutdownTimeout, logger: logger)
        let hangup = await HangupService(logger: logger)
        // Graceful shutdown runs in reverse: arm the deadline, tell systemd, close the control
        // socket, then the ordered shutdown of the modules.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(
                        service: manager, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "modules"),
                    .init(
                        service: control, successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup,
                        serviceName: "control-socket"),
                    .init(service: notify, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore, serviceName: "systemd-notify"),
                    .init(service: deadline, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore, serviceName: "shutdown-deadline"),
                    .init(
                        service: hangup, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore,
                        serviceName: "hangup"),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        logger.info(
            "starting",
            metadata: [
                "config": "\(config.file)", "modules": "\(manager.moduleNames.count)", "socket": "\(controlSocket)",
                "simulate": "\(simulate)",
            ])
        do {
            try await group.run()
        } catch {
            logger.critical("stopped on an error", metadata: ["error": "\(error)"])
            throw ExitCode.failure
        }
        logger.info("stopped")
    }
}
