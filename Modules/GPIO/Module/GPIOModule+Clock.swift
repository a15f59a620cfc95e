extension GPIOModule {
    /// Points the module's one timer at the earliest deadline of any input or output.
    ///
    /// A timer already due no later than that is kept: it wakes, ticks (harmlessly early if the
    /// deadline moved later) and re-arms. So an edge that moves a deadline costs at most one task.
    ///
    /// - Parameter inputsNotBefore: With edges in flight, the inputs' deadlines wait until the
    ///   edges' handler re-arms; this is a fallback should the edges never come.
    func rearm(inputsNotBefore: GPIOInstant? = nil) {
        guard isActive else { return }
        var next = scheduler.deadline
        for input in inputs {
            guard var deadline = input.machine.deadline else { continue }
            if let inputsNotBefore { deadline = max(deadline, inputsNotBefore) }
            next = min(next ?? deadline, deadline)
        }
        guard let next else { return }
        if clock != nil, let current = clockDeadline, current <= next { return }
        clock?.cancel()
        clockGeneration &+= 1
        let generation = clockGeneration
        clockDeadline = next
        clock = Task { await self.runClock(until: next, generation: generation) }
    }

    func cancelClock() {
        clock?.cancel()
        clock = nil
        clockDeadline = nil
        clockGeneration &+= 1
    }

    private func runClock(until deadline: GPIOInstant, generation: Int) async {
        let delay = GPIOInstant.now.duration(to: deadline)
        if delay > .zero {
            do {
                // No tolerance: a blink period should not be stretched by timer coalescing.
                try await Task.sleep(for: delay, tolerance: .zero, clock: .suspending)
            } catch {
                return
            }
        }
        guard generation == clockGeneration, isActive else { return }
        clock = nil
        clockDeadline = nil
        let now = GPIOInstant.now
        // Time may pass for the inputs only once no edge from before now is still on its way:
        // read but not handled, unread on a line, or a simulated press's edge not yet injected.
        let edgesInFlight = reader?.hasEdgesInFlight == true || simulatedEdges.values.contains { $0 <= now }
        if !edgesInFlight {
            for index in inputs.indices {
                let actions = inputs[index].machine.tick(at: now)
                for event in actions.events { emit(event, input: inputs[index].config.name) }
            }
        }
        _ = apply(scheduler.tick(at: now))
        rearm(inputsNotBefore: edgesInFlight ? now + .milliseconds(1) : nil)
        await flush()
    }
}
