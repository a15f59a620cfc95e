public import Logging
public import ServiceLifecycle
import Synchronization

/// Runs modules through their lifecycle and carries calls and events between them.
///
/// ```swift
/// let manager = try ModuleManager([
///     ModuleSpec(Doorbell.self, name: "doorbell"),
///     ModuleSpec(Chime.self, name: "chime", required: true),
/// ], logger: logger)
/// try await manager.run()          // until an `exit` event, SIGTERM or cancellation
/// ```
///
/// `run()` starts every module in order, then activates them all; on `exit` it delivers what is
/// queued, deactivates all, and stops them in reverse order, each within its deadline. It is a
/// swift-service-lifecycle `Service`: a graceful shutdown of its `ServiceGroup` is an `exit`.
public final class ModuleManager: Service {
    /// How the queue and the lifecycle behave.
    public struct Configuration: Sendable {
        /// The most deliveries that may be pending; senders wait beyond it.
        public var queueCapacity: Int = 10_000
        /// What plain-thread senders do when the queue is full.
        public var overflow: OverflowPolicy = .block
        /// How long a plain-thread sender blocks on a full queue before `queueFull`.
        public var blockTimeout: Duration = .seconds(5)
        /// How long shutdown waits for queued items before discarding (and counting) the rest.
        public var shutdownTimeout: Duration = .seconds(5)
        /// How long each module's `stop()` may take.
        public var stopTimeout: Duration = .seconds(5)
        /// The delay before the first restart of a failed module; it doubles with each failure.
        public var restartDelay: Duration = .seconds(1)
        /// The longest delay between restarts.
        public var maximumRestartDelay: Duration = .seconds(60)
        /// Where entities declared with `restore` keep their last state (the config's
        /// `state_dir`); `nil` keeps nothing.
        public var stateDirectory: String?

        /// The defaults: capacity 10 000, blocking, 5 s deadlines, restarts after 1 s up to 60 s.
        public init() {}
    }

    /// What a plain-thread sender does when the queue is full. Async senders always wait.
    public enum OverflowPolicy: String, Sendable {
        /// Block up to ``Configuration/blockTimeout``, then fail with `queueFull`.
        case block
        /// Drop the oldest item of the least urgent priority queued (or the new item, if it is
        /// less urgent than everything queued); every drop is counted and logged.
        case dropOldest = "drop_oldest"
    }

    /// Why the manager could not be made, or why ``run()`` ended with an error.
    public struct LifecycleError: Error, Sendable, CustomStringConvertible {
        /// A stable, opaque error code, snake_case like ``CallError/Code``; new codes may be added.
        public struct Code: Sendable, Hashable, CustomStringConvertible {
            /// The snake_case name.
            public let name: String

            private init(_ name: String) { self.name = name }

            /// A module name is empty or contains a dot.
            public static let invalidName = Code("invalid_name")
            /// Two modules have the same name.
            public static let duplicateName = Code("duplicate_name")
            /// A module handles an event pattern that is not valid.
            public static let invalidPattern = Code("invalid_pattern")
            /// ``ModuleManager/run()`` was called a second time.
            public static let alreadyRun = Code("already_run")
            /// A `required` module failed to start; ``LifecycleError/underlying`` holds why.
            public static let requiredModuleFailed = Code("required_module_failed")
            /// ``ModuleManager/reconfigure(_:configuration:)`` was called while the manager was
            /// not running, or while another reconfiguration ran.
            public static let notReconfigurable = Code("not_reconfigurable")

            /// The snake_case name.
            public var description: String { name }
        }

        /// What went wrong, for programs.
        public var code: Code
        /// The module concerned.
        public var module: String
        /// What happened.
        public var message: String
        /// The module's own error.
        public var underlying: (any Error)?

        /// The error or value in one line, as logs and error replies show it.
        public var description: String { "module '\(module)' \(message)" + (underlying.map { ": \($0)" } ?? "") }

        init(_ code: Code, module: String, message: String, underlying: (any Error)? = nil) {
            self.code = code
            self.module = module
            self.message = message
            self.underlying = underlying
        }
    }

    let runtime: Runtime
    /// Restarts and failure stops, handed to `run()`, which runs each as a child task of its own
    /// (see ``runJobs()``); finished ones are discarded, so a module failing again and again for
    /// months keeps none of them.
    private let jobs = AsyncStream<@Sendable () async -> Void>.makeStream()
    /// Set once every restart and failure stop has ended, after shutdown cancelled them.
    private let jobsEnded = SetOnce<Void>()
    /// Each module's supervision (``Supervision``), by its host.
    let supervisions: Locked<[ObjectIdentifier: Supervision]>
    /// Set while ``reconfigure(_:configuration:)`` runs: one reload at a time.
    let reconfiguring = Atomic<Bool>(false)
    let phase = Atomic<UInt8>(Phase.idle.rawValue)

    enum Phase: UInt8 {
        case idle, starting, running, stopping, stopped
    }

    /// Creates a manager for `modules`; their names must be unique and contain no dot.
    public init(_ modules: [ModuleSpec], configuration: Configuration = Configuration(), logger: Logger)
        throws(LifecycleError)
    {
        let hosts = try Self.hosts(for: modules, configuration: configuration, logger: logger)
        self.runtime = Runtime(hosts: hosts, configuration: configuration, logger: logger)
        self.supervisions = Locked(
            Dictionary(
                uniqueKeysWithValues: hosts.map { (ObjectIdentifier($0), Self.supervision(of: $0, configuration)) }))
        runtime.failureHandler.withLock { handler in
            handler = { [weak self] host, reason in self?.restartAfterFailure(host, reason: reason) }
        }
    }

    /// Hosts for `modules`, after checking their names and the patterns they handle.
    static func hosts(for modules: [ModuleSpec], configuration: Configuration, logger: Logger) throws(LifecycleError)
        -> [any ModuleHosting]
    {
        var seen = Set<CodePointKey>()
        for spec in modules {
            guard !spec.name.isEmpty, !spec.name.contains(".") else {
                throw LifecycleError(
                    .invalidName, module: spec.name, message: "has an invalid name (empty or containing '.')")
            }
            guard seen.insert(CodePointKey(spec.name)).inserted else {
                throw LifecycleError(.duplicateName, module: spec.name, message: "is configured twice")
            }
        }
        let hosts = modules.map { $0.makeHost(logger, configuration.stopTimeout) }
        for host in hosts {
            for pattern in host.eventPatterns {
                if let problem = EventName.problem(in: pattern, pattern: true) {
                    throw LifecycleError(
                        .invalidPattern, module: host.name, message: "handles an invalid pattern: \(problem)")
                }
            }
        }
        return hosts
    }

    static func supervision(of host: any ModuleHosting, _ configuration: Configuration) -> Supervision {
        Supervision(
            required: host.required, initialDelay: configuration.restartDelay,
            maximumDelay: configuration.maximumRestartDelay)
    }

    var currentPhase: Phase { Phase(rawValue: phase.load(ordering: .acquiring)) ?? .idle }

    // MARK: Running

    /// Runs the modules until `exit`: throws a ``LifecycleError`` when a `required` module fails to start.
    ///
    /// Restarts and failure stops are child tasks of this call: it returns once the last has
    /// ended. Shutdown cancels them and waits for them at most the shutdown deadline before it
    /// stops the modules; should a module's `start()` ignore the cancellation and hang, `run()`
    /// returns when that start does (the daemon's own deadline ends the process first).
    public func run() async throws {
        guard
            phase.compareExchange(
                expected: Phase.idle.rawValue, desired: Phase.starting.rawValue, ordering: .acquiringAndReleasing
            ).exchanged
        else {
            throw LifecycleError(.alreadyRun, module: "-", message: "run() was called twice")
        }
        try await withTaskCancellationOrGracefulShutdownHandler {
            let outcome = await withDiscardingTaskGroup { group in
                group.addTask { await self.runJobs() }
                defer { self.jobs.continuation.finish() }
                do {
                    try await self.runLifecycle(cancellingJobs: { group.cancelAll() })
                    return Result<Void, any Error>.success(())
                } catch {
                    return .failure(error)
                }
            }
            try outcome.get()
        } onCancelOrGracefulShutdown: {
            self.runtime.requestExit()
        }
    }

    /// Runs each restart and failure stop handed to ``track(_:)`` as a child task, until
    /// cancelled at shutdown; then waits for those under way and says so in ``jobsEnded``.
    private func runJobs() async {
        await withDiscardingTaskGroup { group in
            // Ends when this task is cancelled: no job starts during shutdown.
            for await job in jobs.stream {
                group.addTask { await job() }
            }
        }
        jobsEnded.set(())
    }

    /// Returns `true` once every module that could start is active (for systemd's `READY=1`),
    /// or `false` if the manager stopped before getting there (a required module failed).
    @discardableResult
    public func waitUntilRunning() async -> Bool {
        await runtime.running.value
    }

    /// Starts the ordered shutdown, as an `exit` event does.
    public func requestExit() {
        runtime.requestExit()
    }

    /// Starts the modules, waits for `exit`, and shuts down; `cancelJobs` cancels the restarts
    /// and failure stops under way.
    private func runLifecycle(cancellingJobs cancelJobs: () -> Void) async throws {
        let logger = runtime.logger
        let hosts = runtime.hosts
        for host in hosts {
            do {
                try await host.start(runtime: runtime)
                _ = supervise(host, .startSucceeded)
                logger.debug("module started", metadata: ["module": "\(host.name)"])
            } catch {
                logger.error("module failed to start", metadata: ["module": "\(host.name)", "error": "\(error)"])
                switch supervise(host, .startFailed(initial: true)) {
                case .abortRun:
                    await shutdown(cancellingJobs: cancelJobs)
                    throw LifecycleError(
                        .requiredModuleFailed, module: host.name, message: "is required and failed to start",
                        underlying: error)
                case .retry(let delay):
                    retry(host, after: delay)
                default:
                    break
                }
            }
        }
        phase.store(Phase.running.rawValue, ordering: .releasing)
        await activate(hosts)
        logger.info("modules active", metadata: ["modules": "\(hosts.count)"])
        runtime.running.set(true)
        _ = await runtime.exitRequested.value
        await shutdown(cancellingJobs: cancelJobs)
    }

    /// Runs `body` as a child task of `run()`, which shutdown cancels and waits for.
    func track(_ body: @escaping @Sendable () async -> Void) {
        jobs.continuation.yield(body)
    }

    /// Activates the started ones of `hosts`, in order, and announces their entities.
    func activate(_ hosts: [any ModuleHosting]) async {
        for host in hosts {
            await host.activate()
            if host.state == .active { await runtime.announceEntities(of: host, available: true) }
        }
    }

    /// Moves `host`'s supervision on with `event`: what to do next (nothing for a host no longer
    /// supervised, one a reload removed).
    func supervise(_ host: any ModuleHosting, _ event: Supervision.Event) -> Supervision.Action {
        supervisions.withLock { $0[ObjectIdentifier(host)]?.handle(event) ?? .none }
    }

    /// Whether `host` is one of the modules the manager runs (a reload may have removed it).
    func isSupervised(_ host: any ModuleHosting) -> Bool {
        supervisions.withLock { $0[ObjectIdentifier(host)] != nil }
    }

    /// Starts `host` again after `delay`, and again with the supervision's backoff until a
    /// start succeeds or the manager stops.
    func retry(_ host: any ModuleHosting, after delay: Duration) {
        track { [runtime] in
            var delay = delay
            while true {
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    return
                }
                let phase = self.currentPhase
                guard phase == .starting || phase == .running, self.supervise(host, .retryDue) == .start else {
                    return
                }
                do {
                    try await host.start(runtime: runtime)
                    guard self.isSupervised(host) else {
                        // A reload removed the module while it was starting: it ends here.
                        await host.stop(runtime: runtime)
                        return
                    }
                    _ = self.supervise(host, .startSucceeded)
                    runtime.logger.info("module restarted", metadata: ["module": "\(host.name)"])
                    if self.currentPhase == .running {
                        await host.activate()
                        if host.state == .active { await runtime.announceEntities(of: host, available: true) }
                    }
                    return
                } catch {
                    guard case .retry(let next) = self.supervise(host, .startFailed(initial: false)) else { return }
                    delay = next
                    runtime.logger.error(
                        "module failed to start",
                        metadata: ["module": "\(host.name)", "error": "\(error)", "retry_in": "\(delay)"])
                }
            }
        }
    }

    /// A module reported that it can no longer work: stop it, mark it failed, and start it again
    /// as after a failed start. Once per failure; not while starting or shutting down.
    func restartAfterFailure(_ host: any ModuleHosting, reason: String) {
        guard currentPhase == .running, host.state == .active, supervise(host, .failureReported) == .stopForRestart
        else { return }
        runtime.logger.error(
            "module failed; it is stopped and will be started again",
            metadata: ["module": "\(host.name)", "reason": "\(reason)"])
        track { [runtime] in
            await host.deactivate()
            await host.stop(runtime: runtime)
            host.markFailed()
            await runtime.announceEntities(of: host, available: false)
            guard self.currentPhase == .running,
                case .retry(let delay) = self.supervise(host, .stoppedAfterFailure)
            else { return }
            self.retry(host, after: delay)
        }
    }

    /// Delivers what is queued, deactivates all modules, delivers again, then stops them in
    /// reverse order; what is still queued at the deadline is discarded, counted and logged.
    private func shutdown(cancellingJobs cancelJobs: () -> Void) async {
        phase.store(Phase.stopping.rawValue, ordering: .releasing)
        supervisions.withLock { supervisions in
            for key in supervisions.keys { _ = supervisions[key]?.handle(.shutdown) }
        }
        runtime.exitRequested.set(true)
        cancelJobs()
        let configuration = runtime.configuration
        let deadline = MonotonicClock.now() &+ UInt64(max(0, configuration.shutdownTimeout.nanoseconds))
        let gate = runtime.gate
        func remaining() -> Duration {
            let now = MonotonicClock.now()
            return .nanoseconds(now < deadline ? Int64(deadline - now) : 0)
        }
        // A module being stopped after a failure, or started again, finishes that first.
        _ = await withDeadline(remaining()) { [jobsEnded] in await jobsEnded.value }
        if !(await withDeadline(remaining(), { await gate.waitUntilEmpty() })) {
            runtime.logger.warning("shutdown deadline passed with items queued", metadata: ["queued": "\(gate.depth)"])
        }
        for host in runtime.hosts { await host.deactivate() }
        _ = await withDeadline(remaining(), { await gate.waitUntilEmpty() })
        for host in runtime.hosts.reversed() {
            await host.stop(runtime: runtime)
            runtime.logger.debug("module stopped", metadata: ["module": "\(host.name)"])
        }
        gate.wakeAll()
        // The restore entities' last states are on disk before the manager says it stopped.
        await runtime.entities.flush()
        runtime.observers.finishAll()
        phase.store(Phase.stopped.rawValue, ordering: .releasing)
        runtime.running.set(false)
    }

    // MARK: Sending from outside any module

    /// Calls `target` (`module.method`) now, from outside any module.
    public func call(_ target: String, _ arguments: Value = [:]) async throws(CallError) -> Value {
        try await runtime.call(target, arguments, sender: nil)
    }

    /// Queues a call to `target` from outside any module.
    @discardableResult
    public func enqueue(_ target: String, _ arguments: Value = [:], priority: Priority = .normal)
        async throws(CallError) -> QueuedCall
    {
        try await runtime.enqueue(target, arguments, priority: priority, sender: nil)
    }

    /// Queues `event` for every module with a handler for it, from outside any module.
    public func trigger(_ event: String, _ payload: Value = [:], priority: Priority = .normal) async throws(CallError) {
        try await runtime.trigger(event, payload, priority: priority, sender: nil)
    }

    /// Queues `event` from a plain thread (see ``ModuleContext/trigger(_:_:priority:)-5ovpw``).
    public func trigger(_ event: String, _ payload: Value = [:], priority: Priority = .normal) throws(CallError) {
        try runtime.triggerFromThread(event, payload, priority: priority, sender: nil)
    }

    /// Queues a call from a plain thread.
    @discardableResult
    public func enqueue(_ target: String, _ arguments: Value = [:], priority: Priority = .normal) throws(CallError)
        -> QueuedCall
    {
        try runtime.enqueueFromThread(target, arguments, priority: priority, sender: nil)
    }

    /// Calls `target` from a plain thread, blocking until the result or `timeout`.
    public func callBlocking(_ target: String, _ arguments: Value = [:], timeout: Duration = .seconds(5))
        throws(CallError)
        -> Value
    {
        try runtime.callBlocking(target, arguments, sender: nil, timeout: timeout)
    }

    // MARK: Looking in

    /// Every event triggered from now on whose name matches `pattern` (a glob; `*` for all), as
    /// it is queued, whether or not a module handles it. For watchers outside the modules — the
    /// control socket's `events`. A watcher that falls behind by more than
    /// 1024 events loses the oldest (counted in ``Statistics/watcherDropped``). The stream ends
    /// when the manager stops or the consumer stops iterating.
    ///
    /// - Throws: `invalidArguments` for a pattern that is no valid ``EventName`` pattern.
    public func events(matching pattern: String = "*") throws(CallError) -> AsyncStream<Event> {
        if let problem = EventName.problem(in: pattern, pattern: true) { throw CallError(.invalidArguments, problem) }
        return runtime.observers.watch(pattern)
    }

    /// Counts `count` events that a watcher of ``events(matching:)`` dropped itself, from a buffer
    /// of its own (a control client that fell behind, say), so that
    /// ``Statistics/watcherDropped`` counts every event a watcher lost, wherever it was lost.
    public func recordWatcherDrops(_ count: Int) {
        guard count > 0 else { return }
        runtime.observers.dropped.add(count, ordering: .relaxed)
    }

    /// A snapshot of the queue and every module.
    public var statistics: Statistics {
        let modules = runtime.hosts.map { host in
            var statistics = host.statistics
            statistics.entities = runtime.entities.count(of: host.name)
            return statistics
        }
        return Statistics(
            queueDepth: runtime.gate.depth, queueCapacity: runtime.gate.capacity,
            enqueued: Int(truncatingIfNeeded: runtime.sequenceNumber),
            processed: modules.reduce(0) { $0 + $1.processed },
            dropped: runtime.dropped.load(ordering: .relaxed), discarded: runtime.discarded.load(ordering: .relaxed),
            handlerErrors: modules.reduce(0) { $0 + $1.handlerErrors },
            watcherDropped: runtime.observers.dropped.load(ordering: .relaxed), modules: modules)
    }

    /// The lifecycle state of the module named `name`.
    public func state(of name: String) -> ModuleState? {
        runtime.host(named: name)?.state
    }

    /// Returns `true` once the module named `name` is in `state` (at once if it is already),
    /// `false` for an unknown module or when the task is cancelled first. A state the module
    /// passes through before the call is not seen; bound the wait with a timeout.
    @discardableResult
    public func wait(for state: ModuleState, of name: String) async -> Bool {
        guard let host = runtime.host(named: name) else { return false }
        await host.wait(for: state)
        return host.state == state || !Task.isCancelled
    }

    /// The names of the modules, in config order.
    public var moduleNames: [String] { runtime.hosts.map(\.name) }

    /// The methods of the module named `name`, in declaration order.
    public func methods(of name: String) -> [String]? { runtime.host(named: name)?.methodNames }

    /// The event patterns the module named `name` handles.
    public func eventPatterns(of name: String) -> [String]? { runtime.host(named: name)?.eventPatterns }
}
