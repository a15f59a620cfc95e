import Logging
import LooselyCoupled
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The daemon's signals, for its whole life: SIGTERM and SIGINT stop it; SIGHUP
/// (`systemctl reload`) reads the config file again and, when it is valid, hands it to the
/// running modules' reload (``willRun(_:reload:)``), which restarts only what changed. An
/// invalid file is logged with its errors and changes nothing.
///
/// The handlers are installed before the daemon starts anything and stay until it exits, so a
/// signal that comes between one run of the modules and the next is neither lost nor fatal
/// (SIGHUP's default action would end the process, which systemd counts as a clean exit).
///
/// Every stop and every reload is logged with who sent the signal (pid, uid and command, from
/// the kernel's `siginfo`), as a stop through the control socket is with its peer.
final class DaemonSignals: Sendable {
    private let pipe: SignalPipe
    private let state = Locked(State())

    private struct State {
        /// The modules running now, or about to run.
        var group: ServiceGroup?
        var stopRequested = false
        /// A checked config waiting to replace the running one, when no run could take it in
        /// place (it came before the modules ran).
        var reload: DaemonConfig?
        /// Applies a checked config to the running modules, in place.
        var reloadInPlace: (@Sendable (DaemonConfig, Logger.Metadata) async -> Void)?
    }

    /// - Throws: ``SystemError`` or `OSThread.SpawnError` when the handlers cannot be installed.
    init() throws {
        pipe = try SignalPipe(trapping: [SIGTERM, SIGINT, SIGHUP])
    }

    /// Handles signals until the task is cancelled; `load` reads and checks the config file.
    func handle(load: @Sendable () throws -> DaemonConfig, logger: Logger) async {
        for await signal in pipe.signals {
            if signal.number == SIGHUP {
                await reload(load: load, sender: signal.senderMetadata, logger: logger)
            } else {
                logger.notice("\(signal): stopping", metadata: signal.senderMetadata)
                let group = state.withLock { state in
                    state.stopRequested = true
                    return state.group
                }
                await group?.triggerGracefulShutdown()
            }
        }
    }

    private func reload(load: () throws -> DaemonConfig, sender: Logger.Metadata, logger: Logger) async {
        let config: DaemonConfig
        do {
            config = try load()
        } catch {
            logger.error(
                "SIGHUP: the config has errors; the modules keep running with the config they have", metadata: sender)
            // One log line per problem, as `looselycoupled check` prints them.
            for problem in "\(error)".split(separator: "\n") { logger.error("\(problem)") }
            return
        }
        let inPlace = state.withLock { state -> (@Sendable (DaemonConfig, Logger.Metadata) async -> Void)? in
            guard let reload = state.reloadInPlace else {
                state.reload = config
                return nil
            }
            return reload
        }
        let metadata = sender.merging(["config": "\(config.file)"]) { $1 }
        if let inPlace {
            logger.notice(
                "SIGHUP: reloading the config; only the modules whose section changed restart", metadata: metadata)
            // One reload at a time: the next signal is read once this one is done.
            await inPlace(config, sender)
            return
        }
        logger.notice("SIGHUP: reloading the config before the modules run", metadata: metadata)
        let group = state.withLock { $0.group }
        await group?.triggerGracefulShutdown()
    }

    /// Notes the group about to run and how to reload it in place; one that a signal stops
    /// before it runs stops at once.
    func willRun(_ group: ServiceGroup, reload: @escaping @Sendable (DaemonConfig, Logger.Metadata) async -> Void)
        async
    {
        let stopping = state.withLock { state in
            state.group = group
            state.reloadInPlace = reload
            return state.stopRequested || state.reload != nil
        }
        if stopping { await group.triggerGracefulShutdown() }
    }

    /// Whether the modules are stopping to start again with another config, rather than for good.
    var isReloading: Bool {
        state.withLock { !$0.stopRequested && $0.reload != nil }
    }

    /// After a run of the modules: the config to run them with next, or `nil` to exit.
    func nextConfig() -> DaemonConfig? {
        state.withLock { state in
            state.group = nil
            state.reloadInPlace = nil
            guard !state.stopRequested else { return nil }
            return state.reload.take()
        }
    }
}
