extension ModuleContext {
    /// Queues `work` to run on this module's own actor, in its mailbox's order with the calls and
    /// events it receives: the typed, private way for a thread the module owns (a
    /// ``ModuleThread``'s readiness or timer, an ``OSThread`` reading a device) to hand it what
    /// it read. Nothing is encoded, and no other module can call it.
    ///
    /// ```swift
    /// try context.post(to: Meter.self, priority: .high) { meter in meter.receive(frames) }
    /// ```
    ///
    /// It costs one wake-up of the module when the module is idle and none while it is running,
    /// or when posted from the module's own ``ModuleThread``. The work takes a place in the
    /// bounded queue like any item. While the queue is full, a post with `blocking` waits (up to
    /// the queue's block timeout, or drops the oldest least urgent item with `overflow:
    /// drop_oldest`), like a plain thread's trigger; one without `blocking` throws `queueFull`
    /// at once, so the caller can leave its input where it is (in the kernel) and try again:
    /// a module's own thread must post so, since it is the one that drains the module's items.
    ///
    /// - Parameters:
    ///   - type: This module's type; the work runs isolated to its instance.
    ///   - priority: Where the work queues among the module's other items.
    ///   - blocking: Whether to wait while the queue is full.
    ///   - work: Runs on the module's actor.
    /// - Throws: ``CallError`` `invalidArguments` when `type` is not this module's type,
    ///   `moduleNotReady` while the module is not started, `queueFull`.
    @inlinable
    public func post<M: Module>(
        to type: M.Type, priority: Priority = .normal, blocking: Bool = true,
        _ work: @escaping @Sendable (isolated M) -> Void
    ) throws(CallError) {
        try post(Posted(.sync(work)), moduleType: ObjectIdentifier(type), priority: priority, blocking: blocking)
    }

    /// Queues `work`, which may suspend, as ``post(to:priority:blocking:_:)`` does.
    @inlinable
    public func post<M: Module>(
        to type: M.Type, priority: Priority = .normal, blocking: Bool = true,
        _ work: @escaping @Sendable (isolated M) async -> Void
    ) throws(CallError) {
        try post(Posted(.async(work)), moduleType: ObjectIdentifier(type), priority: priority, blocking: blocking)
    }

    /// ``post(to:priority:blocking:_:)`` without blocking, in the form a ``ModuleThread``'s
    /// ``ModuleThread/watch(_:events:_:)`` and ``ModuleThread/schedule(at:_:)`` take: `false`
    /// while the queue is full, so that the thread tries again a millisecond later (the input
    /// waits in the kernel meanwhile); `true` once posted, and when the module is not running,
    /// whose thread has nothing to try again for.
    ///
    /// ```swift
    /// thread.watch(descriptor) { _ in context.tryPost(to: Meter.self, priority: .high) { $0.readable() } }
    /// ```
    @inlinable
    public func tryPost<M: Module>(
        to type: M.Type, priority: Priority = .normal, _ work: @escaping @Sendable (isolated M) async -> Void
    ) -> Bool {
        do throws(CallError) {
            try post(Posted(.async(work)), moduleType: ObjectIdentifier(type), priority: priority, blocking: false)
            return true
        } catch {
            return error.code != .queueFull
        }
    }

    /// The generic part of a post is inlined into the module, where `M` is known, so that no
    /// generic type is looked up at run time on this hot path; this is the rest.
    @usableFromInline
    func post(_ work: PostedWork, moduleType: ObjectIdentifier, priority: Priority, blocking: Bool) throws(CallError) {
        try runtime.post(work, to: host, moduleType: moduleType, priority: priority, blocking: blocking)
    }
}
