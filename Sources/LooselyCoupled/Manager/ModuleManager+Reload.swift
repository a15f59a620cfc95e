import Logging
import Synchronization

extension ModuleManager {
    /// What ``reconfigure(_:configuration:)`` did, by module name, in config order.
    public struct Reconfiguration: Sendable, Equatable, CustomStringConvertible {
        /// Unchanged: they kept running, untouched (instance, lines, timers, state).
        public var kept: [String] = []
        /// Their section changed: stopped, then started with the new one.
        public var restarted: [String] = []
        /// New in the config: started.
        public var added: [String] = []
        /// Gone from the config: stopped.
        public var removed: [String] = []

        /// `kept=… restarted=… added=… removed=…`, as the log shows it.
        public var description: String {
            func list(_ names: [String]) -> String { names.isEmpty ? "-" : names.joined(separator: ",") }
            return "kept=\(list(kept)) restarted=\(list(restarted)) added=\(list(added)) removed=\(list(removed))"
        }
    }

    /// Runs `modules` from now on, in place: each module whose spec is unchanged (same name,
    /// type, `required` and config section) keeps running untouched; a changed one is stopped
    /// and started with its new section; a removed one is stopped; an added one is started.
    /// Those that leave stop first, in reverse config order, then the new ones start in config
    /// order and are activated once all have started, as at start. A new module that fails to
    /// start is retried with backoff (even a required one: the daemon keeps running).
    ///
    /// `configuration`'s queue capacity takes effect at once; its other settings apply when the
    /// manager is next made (the daemon's next start).
    ///
    /// - Throws: ``LifecycleError`` for an invalid or duplicate name or pattern (nothing changes
    ///   then), or `not_reconfigurable` when the manager is not running or already reconfiguring.
    @discardableResult
    public func reconfigure(_ modules: [ModuleSpec], configuration: Configuration? = nil) async throws(LifecycleError)
        -> Reconfiguration
    {
        guard currentPhase == .running else {
            throw LifecycleError(.notReconfigurable, module: "-", message: "can only be reconfigured while running")
        }
        guard reconfiguring.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else {
            throw LifecycleError(.notReconfigurable, module: "-", message: "is being reconfigured already")
        }
        defer { reconfiguring.store(false, ordering: .releasing) }
        let logger = runtime.logger
        let candidates = try Self.hosts(for: modules, configuration: runtime.configuration, logger: logger)
        let current = runtime.hosts
        var running: [CodePointKey: any ModuleHosting] = [:]
        for host in current { running[CodePointKey(host.name)] = host }

        var summary = Reconfiguration()
        var next: [any ModuleHosting] = []
        var fresh: [any ModuleHosting] = []
        for candidate in candidates {
            let old = running[CodePointKey(candidate.name)]
            if let old, Self.isUnchanged(old, candidate) {
                next.append(old)
                summary.kept.append(old.name)
                continue
            }
            next.append(candidate)
            fresh.append(candidate)
            if old == nil {
                summary.added.append(candidate.name)
            } else {
                summary.restarted.append(candidate.name)
            }
        }
        let leaving = current.filter { old in !next.contains { $0 === old } }
        // Names compare code point by code point, as the lookup above does.
        summary.removed = leaving.map(\.name).filter { name in
            !candidates.contains { $0.name.hasSameCodePoints(as: name) }
        }

        // No retry may start a leaving module again: its supervision ends first.
        supervisions.withLock { supervisions in
            for host in leaving { supervisions[ObjectIdentifier(host)] = nil }
        }
        for host in leaving.reversed() { await host.deactivate() }
        for host in leaving.reversed() {
            await host.stop(runtime: runtime)
            await runtime.announceEntities(of: host, available: false)
            logger.debug("module stopped for the reload", metadata: ["module": "\(host.name)"])
        }
        for name in summary.removed { runtime.entities.remove(module: name) }

        let settings = configuration ?? runtime.configuration
        supervisions.withLock { supervisions in
            for host in fresh { supervisions[ObjectIdentifier(host)] = Self.supervision(of: host, settings) }
        }
        runtime.replaceHosts(next)
        var started: [any ModuleHosting] = []
        for host in fresh {
            do {
                try await host.start(runtime: runtime)
                _ = supervise(host, .startSucceeded)
                started.append(host)
                logger.debug("module started", metadata: ["module": "\(host.name)"])
            } catch {
                logger.error("module failed to start", metadata: ["module": "\(host.name)", "error": "\(error)"])
                if case .retry(let delay) = supervise(host, .startFailed(initial: false)) { retry(host, after: delay) }
            }
        }
        await activate(started)
        if let configuration { runtime.gate.setCapacity(configuration.queueCapacity) }
        return summary
    }

    /// Whether `candidate` is what `running` runs already, so a reload may leave it alone.
    private static func isUnchanged(_ running: any ModuleHosting, _ candidate: any ModuleHosting) -> Bool {
        running.moduleType == candidate.moduleType && running.typeName == candidate.typeName
            && running.required == candidate.required && running.config == candidate.config
    }
}
