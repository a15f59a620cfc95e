import Logging
import Synchronization

/// Runs one module instance: its lifecycle, its mailbox's drain loop and its repeating jobs.
final class ModuleHost<M: Module>: ModuleHosting {
    let name: String
    /// The `type:` name given, or the Swift type's name. That one is only made when asked for
    /// (by `status`, a log): making it runs the runtime's demangler, whose code a daemon that
    /// never shows it would otherwise keep resident.
    var typeName: String { givenTypeName ?? String(describing: M.self) }
    private let givenTypeName: String?
    let required: Bool
    let config: Value
    let logger: Logger
    let mailbox = Mailbox()
    private let interface: ModuleInterface<M>
    private let factory: @Sendable (ModuleContext) throws -> M
    private let stopTimeout: Duration
    private let stateStorage = Atomic<UInt8>(ModuleState.inactive.rawValue)
    private let stateWaiters = StateWaiters()
    private let incarnation = Locked<Incarnation?>(nil)
    /// The running instance's methods, bound to it: set at start, cleared at stop.
    private let methods = Locked<[BoundMethod]?>(nil)
    private let processed = Atomic<Int>(0)
    private let handlerErrors = Atomic<Int>(0)
    private let startFailures = Atomic<Int>(0)

    /// A started instance and the tasks that serve it; a restart after failure makes a new one.
    private struct Incarnation: Sendable {
        let module: M
        let drain: Task<Void, Never>
        var jobs: [Task<Void, Never>] = []
    }

    init(
        name: String, typeName: String?, required: Bool, config: Value, logger: Logger,
        stopTimeout: Duration, factory: @escaping @Sendable (ModuleContext) throws -> M
    ) {
        self.name = name
        self.givenTypeName = typeName
        self.required = required
        self.config = config
        self.stopTimeout = stopTimeout
        self.factory = factory
        self.interface = M.interface
        var logger = logger
        logger[metadataKey: "module"] = .string(name)
        self.logger = logger
    }

    var state: ModuleState {
        ModuleState(rawValue: stateStorage.load(ordering: .acquiring)) ?? .inactive
    }

    private func setState(_ state: ModuleState) {
        stateStorage.store(state.rawValue, ordering: .releasing)
        stateWaiters.reached(state)
    }

    func wait(for state: ModuleState) async {
        await stateWaiters.wait(for: state) { self.state }
    }

    var moduleType: ObjectIdentifier { ObjectIdentifier(M.self) }
    var methodNames: [String] { interface.methodNames }
    var eventPatterns: [String] { interface.eventPatterns }
    func methodIndex(_ method: String) -> Int? { interface.methodIndex[method] }
    func handlerIndex(for event: String) -> Int? { interface.handlerIndex(for: event) }

    var statistics: ModuleStatistics {
        ModuleStatistics(
            name: name, type: typeName, state: state, queueDepth: mailbox.count,
            processed: processed.load(ordering: .relaxed), handlerErrors: handlerErrors.load(ordering: .relaxed),
            startFailures: startFailures.load(ordering: .relaxed))
    }

    // MARK: Calls

    func method(_ index: Int) throws(CallError) -> BoundMethod {
        guard state.isReceiving, let method = methods.withLock({ $0?[index] }) else {
            throw CallError(.moduleNotReady, "module '\(name)' is \(state)")
        }
        return method
    }

    private func bind(_ module: M) -> [BoundMethod] {
        zip(interface.methodNames, interface.methodBodies).map { name, body in
            Bound(module: module, body: body, name: name, host: self)
        }
    }

    /// A method body bound to a running instance; ``invoke(_:)`` hops to its actor and back.
    private final class Bound: BoundMethod, @unchecked Sendable {
        let module: M
        let body: MethodBody<M>
        let name: String
        /// Unowned: the host holds its bound methods until the module stops.
        unowned let host: ModuleHost<M>

        init(module: M, body: MethodBody<M>, name: String, host: ModuleHost<M>) {
            self.module = module
            self.body = body
            self.name = name
            self.host = host
        }

        override func invoke(_ arguments: Value) async throws(CallError) -> Value {
            do {
                // The hop to the module's actor and back happens around the body itself: no
                // async frame in between for a synchronous body.
                switch body {
                case .sync(let body): return try await body(module, arguments)
                case .async(let body): return try await body(module, arguments)
                }
            } catch {
                throw host.failure(error, handler: "method", name: name, payload: arguments)
            }
        }
    }

    /// Logs a handler's error with everything needed to find it and turns it into a ``CallError``.
    fileprivate func failure(_ error: any Error, handler: String, name: String, payload: Value) -> CallError {
        handlerErrors.add(1, ordering: .relaxed)
        logger.error(
            "handler failed",
            metadata: ["handler": "\(handler)", "\(handler)": "\(name)", "payload": "\(payload)", "error": "\(error)"])
        if let error = error as? CallError { return error }
        return CallError(.handlerFailed, "\(self.name).\(name) failed: \(error)", underlying: error)
    }

    // MARK: Entities

    func setEntity(_ key: String, to state: Value, attributes: Value.Object) async throws(CallError) -> Value {
        guard self.state.isReceiving, let module = incarnation.withLock({ $0?.module }) else {
            throw CallError(.moduleNotReady, "module '\(name)' is \(self.state): \(name).\(key) is unavailable")
        }
        do {
            return try await module.setEntity(key, to: state, attributes: attributes)
        } catch {
            throw failure(error, handler: "entity", name: key, payload: state)
        }
    }

    // MARK: Queue

    /// The module's drain loop: takes its deliveries one at a time, most urgent first, and runs
    /// the handlers on the module's actor. Synchronous handler bodies run without a task switch.
    private static func drain(_ module: isolated M, host: ModuleHost<M>, runtime: Runtime) async {
        let slot = DrainSlot()
        await DrainSlot.$active.withValue(slot) {
            var handledSinceWake = 0
            while true {
                guard let (delivery, backlog) = host.mailbox.pop() else {
                    // After a burst, let the senders run once before parking: more items
                    // usually arrive meanwhile, and resuming a parked loop costs a kernel
                    // wake-up. After a lone item, park at once: yielding first would add a trip
                    // through the executor's queue to the next item's latency. Not on a module's
                    // own thread: `Task.yield` goes through the shared pool, whose hop back to
                    // that thread would cost the very wake-up it saves elsewhere.
                    if handledSinceWake > 1, !ModuleThread.Loop.isOnModuleThread {
                        handledSinceWake = 0
                        await Task.yield()
                        if host.mailbox.count > 0 { continue }
                    }
                    handledSinceWake = 0
                    guard await host.mailbox.waitForItems() else { return }
                    continue
                }
                handledSinceWake += 1
                guard host.state.isReceiving else {
                    runtime.discard([delivery], module: host.name, reason: "module is \(host.state)")
                    continue
                }
                let item = delivery.item
                slot.item = CurrentItem(metadata: item.metadata, backlog: backlog)
                switch item.kind {
                case .event:
                    let event = Event(name: item.name, payload: item.payload, metadata: item.metadata, backlog: backlog)
                    do {
                        switch host.interface.handlerBodies[delivery.entry] {
                        case .sync(let body): try body(module, event)
                        case .async(let body): try await body(module, event)
                        }
                    } catch {
                        _ = host.failure(error, handler: "event", name: item.name, payload: item.payload)
                    }
                case .call(let reply):
                    do {
                        let result: Value
                        switch host.interface.methodBodies[delivery.entry] {
                        case .sync(let body): result = try body(module, item.payload)
                        case .async(let body): result = try await body(module, item.payload)
                        }
                        reply?.complete(.success(result))
                    } catch {
                        let failure = host.failure(error, handler: "method", name: item.name, payload: item.payload)
                        reply?.complete(.failure(failure))
                    }
                case .post(let work):
                    // `Runtime.post` took it only as work for `M` (it checked `moduleType`).
                    switch unsafeDowncast(work, to: Posted<M>.self).body {
                    case .sync(let body): body(module)
                    case .async(let body): await body(module)
                    }
                }
                host.processed.add(1, ordering: .relaxed)
                runtime.finished(1)
            }
        }
    }

    // MARK: Lifecycle

    func start(runtime: Runtime) async throws {
        setState(.starting)
        let module: M
        do {
            module = try factory(ModuleContext(runtime: runtime, host: self))
            try await module.start()
        } catch {
            startFailures.add(1, ordering: .relaxed)
            setState(.failed)
            throw error
        }
        mailbox.reopen()
        let drain = Task(executorPreference: module.taskExecutor) {
            await Self.drain(module, host: self, runtime: runtime)
        }
        incarnation.withLock { $0 = Incarnation(module: module, drain: drain) }
        methods.withLock { $0 = bind(module) }
        setState(.passive)
    }

    func activate() async {
        guard state == .passive, let module = incarnation.withLock({ $0?.module }) else { return }
        await module.activate()
        setState(.active)
        let jobs = interface.jobs.map { job in
            Task(executorPreference: module.taskExecutor) { await Self.repeatJob(job, module: module, host: self) }
        }
        incarnation.withLock { $0?.jobs = jobs }
    }

    private static func repeatJob(_ job: Every<M>, module: M, host: ModuleHost<M>) async {
        var schedule = RepeatSchedule(interval: job.interval)
        while !Task.isCancelled, host.state == .active {
            let delay: Duration
            do {
                try await job.body(module)
                delay = schedule.next(succeeded: true)
            } catch is CancellationError {
                return
            } catch {
                delay = schedule.next(succeeded: false)
                host.handlerErrors.add(1, ordering: .relaxed)
                host.logger.error(
                    "repeating job failed",
                    metadata: ["job": "\(job.name)", "failures": "\(schedule.failures)", "error": "\(error)"])
            }
            do {
                try await Task.sleep(for: delay)
            } catch {
                return
            }
        }
    }

    func deactivate() async {
        guard state == .active, let module = incarnation.withLock({ $0?.module }) else { return }
        setState(.passive)
        let jobs = incarnation.withLock { incarnation -> [Task<Void, Never>] in
            defer { incarnation?.jobs = [] }
            return incarnation?.jobs ?? []
        }
        for job in jobs { job.cancel() }
        await module.deactivate()
    }

    func stop(runtime: Runtime) async {
        guard let incarnation = incarnation.withLock({ $0.take() }) else {
            if state != .failed { setState(.inactive) }
            return
        }
        setState(.stopping)
        methods.withLock { $0 = nil }
        for job in incarnation.jobs { job.cancel() }
        runtime.discard(mailbox.close(), module: name, reason: "module stopped")
        let module = incarnation.module
        let drain = incarnation.drain
        let stopped = await withDeadline(stopTimeout) {
            await drain.value
            await module.stop()
        }
        if !stopped {
            logger.warning("module did not stop within its deadline", metadata: ["deadline": "\(stopTimeout)"])
        }
        setState(.inactive)
    }

    func markFailed() {
        setState(.failed)
    }
}
