import LooselyCoupled

extension GPIOModule {
    /// Points the module's one timer at the earliest deadline of any input or output.
    ///
    /// A timer already due no later than that is kept: it fires, ticks (harmlessly early if the
    /// deadline moved later) and re-arms. So an edge that moves a deadline costs nothing.
    ///
    /// - Parameter inputsNotBefore: With simulated edges in flight, the inputs' deadlines wait
    ///   until those edges are injected; this is a fallback should they never come.
    func rearm(inputsNotBefore: GPIOInstant? = nil) {
        guard isActive else { return }
        var next = scheduler.deadline
        for input in inputs {
            guard var deadline = input.machine.deadline else { continue }
            if let inputsNotBefore { deadline = max(deadline, inputsNotBefore) }
            next = min(next ?? deadline, deadline)
        }
        guard let next else { return }
        if let current = clockDeadline, current <= next { return }
        clockDeadline = next
        // The thread's own timer: it wakes the thread at the deadline, which posts the tick to
        // the module's mailbox. No timer thread, no task, and nothing allocated but the post.
        thread.schedule(at: next.nanoseconds, tick)
    }

    func cancelClock() {
        thread.cancelTimer()
        clockDeadline = nil
    }

    /// What the timer does when it fires, made once: posts ``clockFired()``. A tick whose timer
    /// was meanwhile replaced comes early, which is harmless (the state machines let no time
    /// pass that has not), and re-arms for the real deadline.
    static func tick(posting context: ModuleContext) -> @Sendable () -> Bool {
        // A full queue: tried again shortly.
        { context.tryPost(to: GPIOModule.self, priority: .high) { module in await module.clockFired() } }
    }

    /// The timer fired: time passes for the inputs and the outputs.
    func clockFired() async {
        guard isActive else { return }
        clockDeadline = nil
        let now = GPIOInstant.now
        // Time may pass for the inputs only once every edge from before now has been handled: a
        // tick at instant T claims that no edge happened before T, or a release still on its way
        // could be overtaken by a long press. Edges that polled readable earlier were posted
        // ahead of this tick; the rest are read now. A simulated press's edge not yet injected
        // holds the inputs back instead.
        let simulatedInFlight = simulatedEdges.values.contains { $0 <= now }
        if !simulatedInFlight {
            for index in inputs.indices {
                guard let deadline = inputs[index].machine.deadline, deadline <= now else { continue }
                guard readEdges(index) else { continue }
                buttonEvents.removeAll(keepingCapacity: true)
                _ = inputs[index].machine.tick(at: now, into: &buttonEvents)
                for event in buttonEvents { emit(event, input: inputs[index].config) }
            }
        }
        outputChanges.removeAll(keepingCapacity: true)
        _ = scheduler.tick(at: now, into: &outputChanges)
        apply(outputChanges)
        rearm(inputsNotBefore: simulatedInFlight ? now + .milliseconds(1) : nil)
        await flush()
    }
}
