import Logging
import Synchronization

#if canImport(Dispatch)
    import Dispatch
#endif

/// The engine behind ``ModuleManager`` and every ``ModuleContext``: module lookup, the queue,
/// event fan-out, idle detection and counters.
final class Runtime: Sendable {
    let configuration: ModuleManager.Configuration
    let logger: Logger

    /// The modules the runtime routes to now, in config order, and the tables built from them:
    /// swapped whole when a reload adds, replaces or removes modules (``replaceHosts(_:)``).
    private struct Routing: Sendable {
        let hosts: [any ModuleHosting]
        /// By name, compared by code points.
        let byName: NameTable<any ModuleHosting>
        /// Every valid `module.method`, resolved once: a call costs one hash lookup.
        let targets: NameTable<Target>
        /// The subscribers of each event name sent lately. A client can send any number of
        /// names, so the cache is bounded: when full, it is emptied and refills with the names in use.
        var subscriptions: [CodePointKey: [Subscriber]] = [:]

        init(hosts: [any ModuleHosting]) {
            self.hosts = hosts
            self.byName = NameTable(hosts.map { ($0.name, $0) })
            var targets: [(String, Target)] = []
            for host in hosts {
                for (index, method) in host.methodNames.enumerated() where host.methodIndex(method) == index {
                    targets.append(("\(host.name).\(method)", Target(host: host, index: index)))
                }
            }
            self.targets = NameTable(targets)
        }
    }

    /// One lock for the routing and the subscriber cache: a call takes it once, a trigger once.
    private let routing: Locked<Routing>
    /// Every host the runtime routed to and no longer does, kept for the runtime's life: a
    /// ``Target`` or ``Subscriber`` taken just before a reload may still point to one. A host
    /// without its instance is a few hundred bytes; a reload keeps one per module it replaced.
    private let retired = Locked<[any ModuleHosting]>([])

    /// The host is `unowned(unsafe)`: the routing or `retired` owns every host for the runtime's
    /// whole life, so a call takes no reference count on it.
    private struct Target: @unchecked Sendable {
        unowned(unsafe) let host: any ModuleHosting
        let index: Int
    }
    let gate: QueueGate
    let exitRequested = SetOnce<Bool>()
    let observers = EventObservers()
    /// Every module's entities and their states.
    let entities: EntityStore
    let running = SetOnce<Bool>()

    static let subscriptionCacheLimit = 1024
    /// How many event names the cache holds now.
    var cachedSubscriptionCount: Int { routing.withLock(\.subscriptions.count) }
    private let sequence = Atomic<UInt64>(0)
    /// `true` once `becoming_idle` went out for the current idle period.
    private let idleAnnounced = Atomic<Bool>(true)
    /// What the manager does when a module reports that it can no longer work; set once, by it.
    let failureHandler = Locked<(@Sendable (any ModuleHosting, String) -> Void)?>(nil)
    let dropped = Atomic<Int>(0)
    /// Whether some module handles `becoming_idle`; set with the routing.
    private let idleIsHandled = Atomic<Bool>(false)
    let discarded = Atomic<Int>(0)

    /// A module with a handler for some event. The references are `unowned(unsafe)`: every
    /// host and mailbox is owned by the routing or `retired` for the runtime's whole life, and
    /// subscriber lists live only inside the runtime, so they cannot outlive what they point to.
    /// This keeps the fan-out free of reference counting on objects that every core touches.
    fileprivate struct Subscriber: @unchecked Sendable {
        unowned(unsafe) let host: any ModuleHosting
        unowned(unsafe) let mailbox: Mailbox
        let handler: Int
    }

    init(hosts: [any ModuleHosting], configuration: ModuleManager.Configuration, logger: Logger) {
        self.routing = Locked(Routing(hosts: hosts))
        self.idleIsHandled.store(Self.handlesIdle(hosts), ordering: .relaxed)
        self.configuration = configuration
        self.logger = logger
        self.gate = QueueGate(capacity: configuration.queueCapacity)
        self.entities = EntityStore(stateDirectory: configuration.stateDirectory, logger: logger)
    }

    private static func handlesIdle(_ hosts: [any ModuleHosting]) -> Bool {
        hosts.contains { $0.handlerIndex(for: "becoming_idle") != nil }
    }

    /// The modules routed to now, in config order.
    var hosts: [any ModuleHosting] { routing.withLock(\.hosts) }

    /// The module named `name`, compared by code points.
    func host(named name: String) -> (any ModuleHosting)? {
        routing.withLock { $0.byName[name] }
    }

    /// Routes to `hosts` from now on (a reload): calls and events reach the new set, the
    /// subscriber cache starts afresh, and the hosts no longer routed to are kept (`retired`).
    func replaceHosts(_ hosts: [any ModuleHosting]) {
        let old = routing.withLock { routing -> [any ModuleHosting] in
            defer { routing = Routing(hosts: hosts) }
            return routing.hosts
        }
        idleIsHandled.store(Self.handlesIdle(hosts), ordering: .relaxed)
        let dropped = old.filter { host in !hosts.contains { $0 === host } }
        retired.withLock { $0.append(contentsOf: dropped) }
    }

    // MARK: Addressing

    /// Finds `module.method`; typed errors for each way it can be wrong.
    private func resolve(_ target: String) throws(CallError) -> Target {
        if let resolved = routing.withLock({ $0.targets[target] }) { return resolved }
        guard let dot = target.utf8.firstIndex(of: UInt8(ascii: ".")) else {
            throw CallError(.invalidTarget, "'\(target)' is not of the form module.method")
        }
        let moduleName = String(target[..<dot])
        let method = String(target[target.utf8.index(after: dot)...])
        guard host(named: moduleName) != nil else {
            throw CallError(.unknownModule, "no module named '\(moduleName)'")
        }
        // Every method of every module is in `targets`: the module is there, the method is not.
        throw CallError(.unknownMethod, "module '\(moduleName)' has no method '\(method)'")
    }

    private func checkSender(_ sender: (any ModuleHosting)?) throws(CallError) {
        if let sender, sender.state != .active {
            throw CallError(.senderNotActive, "module '\(sender.name)' is \(sender.state) and may not send")
        }
    }

    private func metadata(priority: Priority, sender: (any ModuleHosting)?) -> ItemMetadata {
        ItemMetadata(
            transaction: CurrentItem.current?.metadata.transaction ?? .next(),
            priority: priority,
            source: sender?.name,
            enqueuedAt: MonotonicClock.now(),
            sequence: nextSequence())
    }

    /// The modules that handle `event`. A name seen for the first time is checked first
    /// (``EventName``): what is in the cache is valid, so the check costs nothing after that.
    private func subscribers(for event: String) throws(CallError) -> [Subscriber] {
        let key = CodePointKey(event)
        if let cached = routing.withLock({ $0.subscriptions[key] }) { return cached }
        if let problem = EventName.problem(in: event) { throw CallError(.invalidArguments, problem) }
        // Found and cached under one lock, so the entry is of the routing it was found in.
        return routing.withLock { routing in
            let found = routing.hosts.compactMap { host in
                host.handlerIndex(for: event).map { Subscriber(host: host, mailbox: host.mailbox, handler: $0) }
            }
            if routing.subscriptions.count >= Self.subscriptionCacheLimit {
                routing.subscriptions.removeAll(keepingCapacity: true)
            }
            routing.subscriptions[key] = found
            return found
        }
    }

    // MARK: Sending

    /// Synchronous call: runs the method now on the target's actor, not behind the queue.
    func call(_ target: String, _ arguments: Value, sender: (any ModuleHosting)?) async throws(CallError) -> Value {
        try await method(target, sender: sender).invoke(arguments)
    }

    /// The method a synchronous call to `target` runs. Hot callers call it themselves, which
    /// saves an async frame per call.
    func method(_ target: String, sender: (any ModuleHosting)?) throws(CallError) -> BoundMethod {
        try checkSender(sender)
        let resolved = try resolve(target)
        return try resolved.host.method(resolved.index)
    }

    /// An item checked and addressed, waiting only for room in the queue.
    struct Prepared: Sendable {
        let item: QueueItem
        fileprivate let destination: Destination
        let slots: Int
    }

    fileprivate enum Destination: Sendable {
        case call(any ModuleHosting, Int)
        case event([Subscriber], except: (any ModuleHosting)?)
    }

    func prepareCall(_ target: String, _ arguments: Value, priority: Priority, sender: (any ModuleHosting)?)
        throws(CallError) -> Prepared
    {
        try checkSender(sender)
        let resolved = try resolve(target)
        let host = resolved.host
        guard host.state.isReceiving else {
            throw CallError(.moduleNotReady, "module '\(host.name)' is \(host.state)")
        }
        let item = QueueItem(
            metadata: metadata(priority: priority, sender: sender), name: host.methodNames[resolved.index],
            payload: arguments,
            kind: .call(reply: ReplyBox()))
        return Prepared(item: item, destination: .call(host, resolved.index), slots: 1)
    }

    /// `nil` when no module other than the sender handles `event` right now.
    func prepareEvent(_ event: String, _ payload: Value, priority: Priority, sender: (any ModuleHosting)?)
        throws(CallError) -> Prepared?
    {
        try checkSender(sender)
        if event == "exit" {
            if let sender { logger.notice("shutdown requested by a module", metadata: ["module": "\(sender.name)"]) }
            exitRequested.set(true)
        }
        let subscribers = try subscribers(for: event)
        var receivers = 0
        for subscriber in subscribers where subscriber.host !== sender && subscriber.host.state.isReceiving {
            receivers += 1
        }
        let metadata = metadata(priority: priority, sender: sender)
        observers.notify(event, payload, metadata: metadata)
        guard receivers > 0 else { return nil }
        let item = QueueItem(metadata: metadata, name: event, payload: payload, kind: .event)
        return Prepared(item: item, destination: .event(subscribers, except: sender), slots: receivers)
    }

    /// Hands a prepared item, whose slots are reserved, to its modules' mailboxes. A module that
    /// stopped in between gives its slot back.
    /// `becoming_idle` itself is not activity: it must not re-arm the idle announcement.
    func commit(_ prepared: Prepared, isActivity: Bool = true) throws(CallError) -> QueuedCall? {
        if isActivity { noteActivity() }
        let item = prepared.item
        switch prepared.destination {
        case .call(let host, let index):
            guard host.mailbox.push(Delivery(item: item, entry: index)) else {
                gate.release(1)
                throw CallError(.moduleNotReady, "module '\(host.name)' is \(host.state)")
            }
            guard case .call(let reply?) = item.kind else { return nil }
            return QueuedCall(reply: reply, metadata: item.metadata)
        case .event(let subscribers, let sender):
            var pushed = 0
            for subscriber in subscribers where subscriber.host !== sender && subscriber.host.state.isReceiving {
                guard pushed < prepared.slots else { break }
                if subscriber.mailbox.push(Delivery(item: item, entry: subscriber.handler)) { pushed += 1 }
            }
            if pushed < prepared.slots { finished(prepared.slots - pushed) }
            return nil
        }
    }

    func enqueue(_ target: String, _ arguments: Value, priority: Priority, sender: (any ModuleHosting)?)
        async throws(CallError) -> QueuedCall
    {
        let prepared = try prepareCall(target, arguments, priority: priority, sender: sender)
        await gate.reserve(prepared.slots)
        guard let call = try commit(prepared) else {
            throw CallError(.moduleNotReady, "\(target) was not queued")
        }
        return call
    }

    /// Queues `event` for every module with a matching handler except the sender.
    func trigger(_ event: String, _ payload: Value, priority: Priority, sender: (any ModuleHosting)?)
        async throws(CallError)
    {
        guard let prepared = try prepareEvent(event, payload, priority: priority, sender: sender) else { return }
        await gate.reserve(prepared.slots)
        _ = try commit(prepared)
    }

    /// Queues `becoming_idle` or `exit` from the daemon itself without ever waiting.
    private func triggerWithoutWaiting(_ event: String, priority: Priority) -> Bool {
        // The queue drains after nearly every lone event: when no module handles becoming_idle
        // and nobody watches, announcing it is nothing, and costs nothing.
        if event == "becoming_idle", !idleIsHandled.load(ordering: .relaxed), !observers.isWatched { return true }
        guard let prepared = try? prepareEvent(event, [:], priority: priority, sender: nil) else { return true }
        guard gate.tryReserve(prepared.slots) else { return false }
        _ = try? commit(prepared, isActivity: event != "becoming_idle")
        return true
    }

    /// Starts the ordered shutdown, telling modules through the `exit` event.
    func requestExit() {
        _ = triggerWithoutWaiting("exit", priority: .normal)
        exitRequested.set(true)
    }

    // MARK: Full queue, from plain threads

    func reserveFromThread(_ count: Int, priority: Priority) throws(CallError) {
        if gate.tryReserve(count) { return }
        if configuration.overflow == .dropOldest {
            while true {
                if gate.tryReserve(count) { return }
                // Nothing waiting to drop (all pending items are being handled): block as below.
                guard let victim = leastUrgentOldest() else { break }
                if victim.level < priority.level {
                    dropped.add(1, ordering: .relaxed)
                    logger.warning("queue full: dropped the new item", metadata: ["priority": "\(priority)"])
                    throw CallError(
                        .queueFull, "queue full: the new \(priority) item is the least urgent and was dropped")
                }
                if let delivery = victim.host.mailbox.removeOldest(level: victim.level, sequence: victim.sequence) {
                    drop(delivery, from: victim.host)
                }
            }
        }
        let insideTask = withUnsafeCurrentTask { $0 != nil }
        if insideTask {
            throw CallError(.queueFull, "queue full (\(gate.capacity) items); a task must use the async API to wait")
        }
        guard gate.reserveBlocking(count, timeout: configuration.blockTimeout) else {
            throw CallError(.queueFull, "queue stayed full (\(gate.capacity) items) for \(configuration.blockTimeout)")
        }
    }

    private func leastUrgentOldest() -> (host: any ModuleHosting, level: Int, sequence: UInt64)? {
        var best: (host: any ModuleHosting, level: Int, sequence: UInt64)?
        for host in hosts {
            guard let (level, sequence) = host.mailbox.leastUrgentOldest() else { continue }
            if let current = best, current.level > level || (current.level == level && current.sequence < sequence) {
                continue
            }
            best = (host, level, sequence)
        }
        return best
    }

    private func drop(_ delivery: Delivery, from host: any ModuleHosting) {
        dropped.add(1, ordering: .relaxed)
        let item = delivery.item
        logger.warning(
            "queue full: dropped the oldest least urgent item",
            metadata: [
                "module": "\(host.name)", "item": "\(item.name)", "priority": "\(item.metadata.priority)",
                "source": "\(item.metadata.source ?? "-")",
            ])
        if case .call(let reply) = item.kind {
            reply?.complete(.failure(CallError(.queueFull, "dropped from the full queue")))
        }
        finished(1)
    }

    // MARK: Completion

    func nextSequence() -> UInt64 {
        sequence.add(1, ordering: .relaxed).newValue
    }

    func noteActivity() {
        if idleAnnounced.load(ordering: .relaxed) { idleAnnounced.store(false, ordering: .relaxed) }
    }

    /// Marks `count` deliveries done; broadcasts `becoming_idle` when that drained the queue.
    func finished(_ count: Int) {
        guard gate.release(count) else { return }
        guard !idleAnnounced.exchange(true, ordering: .acquiringAndReleasing) else { return }
        if !triggerWithoutWaiting("becoming_idle", priority: .lowest) {
            idleAnnounced.store(false, ordering: .relaxed)
        }
    }

    /// Counts and logs deliveries that will never run, failing their callers.
    func discard(_ deliveries: [Delivery], module: String, reason: String) {
        guard !deliveries.isEmpty else { return }
        discarded.add(deliveries.count, ordering: .relaxed)
        for delivery in deliveries {
            let item = delivery.item
            logger.warning(
                "item discarded",
                metadata: [
                    "module": "\(module)", "item": "\(item.name)", "kind": "\(item.kindName)",
                    "source": "\(item.metadata.source ?? "-")", "reason": "\(reason)",
                ])
            if case .call(let reply) = item.kind {
                reply?.complete(.failure(CallError(.discarded, "\(module).\(item.name) discarded: \(reason)")))
            }
        }
        finished(deliveries.count)
    }

    var sequenceNumber: UInt64 { sequence.load(ordering: .relaxed) }
}
