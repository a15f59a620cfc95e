import Synchronization

#if canImport(Dispatch)
    import Dispatch
#endif

/// The entry points for plain OS threads: C callbacks, blocking reader threads.
extension Runtime {
    func triggerFromThread(_ event: String, _ payload: Value, priority: Priority, sender: (any ModuleHosting)?)
        throws(CallError)
    {
        guard let prepared = try prepareEvent(event, payload, priority: priority, sender: sender) else { return }
        try reserveFromThread(prepared.slots, priority: priority)
        _ = try commit(prepared)
    }

    func enqueueFromThread(_ target: String, _ arguments: Value, priority: Priority, sender: (any ModuleHosting)?)
        throws(CallError) -> QueuedCall
    {
        let prepared = try prepareCall(target, arguments, priority: priority, sender: sender)
        try reserveFromThread(prepared.slots, priority: priority)
        guard let call = try commit(prepared) else {
            throw CallError(.moduleNotReady, "\(target) was not queued")
        }
        return call
    }

    func callBlocking(_ target: String, _ arguments: Value, sender: (any ModuleHosting)?, timeout: Duration)
        throws(CallError) -> Value
    {
        try runBlocking("callBlocking(\(target))", timeout: timeout) { () async throws(CallError) -> Value in
            try await self.call(target, arguments, sender: sender)
        }
    }

    /// Runs `body` in a task and blocks this plain thread until its result or `timeout`
    /// (`timeout`, naming `what`). From inside Swift concurrency it throws
    /// `blocking_call_in_async_context` instead of risking a deadlock.
    func runBlocking(
        _ what: String, timeout: Duration, _ body: @escaping @Sendable () async throws(CallError) -> Value
    ) throws(CallError) -> Value {
        if withUnsafeCurrentTask(body: { $0 != nil }) {
            throw CallError(
                .blockingCallInAsyncContext,
                "\(what) from inside Swift concurrency would block the dispatcher; use the async API")
        }
        let outcome = Locked<Result<Value, CallError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<Value, CallError>
            do throws(CallError) {
                result = .success(try await body())
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        let nanoseconds = Int(clamping: max(0, timeout.nanoseconds))
        if done.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .timedOut {
            throw CallError(.timeout, "\(what) gave no result within \(timeout)")
        }
        guard let result = outcome.withLock({ $0 }) else {
            throw CallError(.timeout, "\(what) gave no result within \(timeout)")
        }
        return try result.get()
    }
}

extension Runtime {
    /// Queues work a module posted to itself.
    func post(
        _ work: PostedWork, to host: any ModuleHosting, moduleType: ObjectIdentifier, priority: Priority, blocking: Bool
    )
        throws(CallError)
    {
        // The host runs the work as its own module's: nothing else may reach its mailbox so.
        guard host.moduleType == moduleType else {
            throw CallError(
                .invalidArguments,
                "module '\(host.name)' (a \(host.typeName) module) can only post work for its own type")
        }
        let item = QueueItem(
            metadata: ItemMetadata(
                transaction: CurrentItem.current?.metadata.transaction ?? .next(), priority: priority,
                source: host.name,
                enqueuedAt: MonotonicClock.now(), sequence: nextSequence()),
            name: "post", payload: .null, kind: .post(work))
        if blocking {
            try reserveFromThread(1, priority: priority)
        } else if !gate.tryReserve(1) {
            throw CallError(.queueFull, "queue full (\(gate.capacity) items)")
        }
        noteActivity()
        guard host.mailbox.push(Delivery(item: item, entry: 0)) else {
            finished(1)
            throw CallError(.moduleNotReady, "module '\(host.name)' is \(host.state)")
        }
    }
}
