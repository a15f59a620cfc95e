extension GPIOModule {
    /// Points the module's one timer at the earliest deadline of any input or output.
    ///
    /// A timer already due no later than that is kept: it wakes, ticks (harmlessly early if the
    /// deadline moved later) and re-arms. So an edge that moves a deadline costs at most one task.
    func rearm() {
        guard isActive else { return }
        var next = scheduler.deadline
        for input in inputs {
            if let deadline = input.machine.deadline { next = min(next ?? deadline, deadline) }
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
        for index in inputs.indices {
            let actions = inputs[index].machine.tick(at: now)
            for event in actions.events { emit(event, input: inputs[index].config.name) }
        }
        _ = apply(scheduler.tick(at: now))
        rearm()
        await flush()
    }
}
