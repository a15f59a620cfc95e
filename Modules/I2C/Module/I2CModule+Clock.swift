import LooselyCoupled

/// The module's one timer, on its thread: the next poll that is due, a BME280 conversion's end,
/// and the release of a bus left unused for `keep_open`.
extension I2CModule {
    /// What the timer does when it fires, made once: posts ``poll()``. A tick whose timer was
    /// meanwhile replaced comes early, which is harmless: nothing is due before its time.
    static func tick(posting context: ModuleContext) -> @Sendable () -> Bool {
        // A full queue: tried again shortly (the devices wait meanwhile, nothing is lost).
        { context.tryPost(to: I2CModule.self, priority: .high) { module in await module.poll() } }
    }

    /// Points the timer at `deadline` (`CLOCK_MONOTONIC` nanoseconds), or cancels it for `nil`.
    func arm(_ deadline: UInt64?) {
        nextWake = deadline
        guard let deadline else { return thread.cancelTimer() }
        // Set from the module's own thread, the timer costs no system call.
        thread.schedule(at: deadline, tick)
    }

    /// Cancels the timer.
    func disarm() {
        nextWake = nil
        thread.cancelTimer()
    }

    /// After a call used the bus: the timer fires by the time the bus is to be released, unless
    /// it fires sooner anyway.
    func armRelease() {
        guard isActive else { return }
        let release = MonotonicClock.now().saturatingAdd(keepOpen.clockNanoseconds)
        if let nextWake, nextWake <= release { return }
        arm(release)
    }

    /// The timer fired: runs the polls that are due, takes in what they found, sends the events
    /// and states that made, and points the timer at what comes next.
    func poll() async {
        guard isActive, let bus else { return }
        if errorsPending { queuePendingErrors() }
        reports.removeAll(keepingCapacity: true)
        let next = bus.runDue(now: MonotonicClock.now(), into: &reports)
        receive(reports)
        arm(next)
        await flush()
    }

    /// The `i2c_error` of devices that failed before the module could send.
    private func queuePendingErrors() {
        errorsPending = false
        for name in devices.keys.sorted() where devices[name]?.errorPending == true {
            devices[name]?.errorPending = false
            if let state = devices[name], let error = state.error { queueError(state, error) }
        }
    }
}
