import LooselyCoupled

/// The module's one timer, on its thread: the idle gap's end, the current write's or request's
/// deadline, the silence timeout, and the next attempt to reopen a lost port.
extension SerialModule {
    /// Points the timer at the earliest deadline there is, or cancels it when there is none.
    func rearm() {
        guard isActive else { return }
        var next: UInt64?
        if port == nil {
            next = nextAttempt
        } else {
            next = jobs.deadline
            if let end = framer.deadline { next = min(next ?? end, end) }
            if let silence = silenceDeadline { next = min(next ?? silence, silence) }
        }
        guard let next else { return thread.cancelTimer() }
        // The thread's own timer: it wakes the thread at the deadline, which posts the tick to
        // the module's mailbox. Set from the module's own thread, it costs no system call.
        thread.schedule(at: next, tick)
    }

    /// When `serial_silent` is due: `silence_timeout` after the last byte (or the open), once.
    var silenceDeadline: UInt64? {
        guard let silence = configuration.silenceTimeout, !silentReported, port != nil else { return nil }
        return Self.deadline(after: silence.duration, from: lastActivity)
    }

    /// What the timer does when it fires, made once: posts ``clockFired()``. A tick whose timer
    /// was meanwhile replaced comes early, which is harmless: nothing happens before its time.
    static func tick(posting context: ModuleContext) -> @Sendable () -> Bool {
        // A full queue: tried again shortly.
        { context.tryPost(to: SerialModule.self, priority: .high) { module in await module.clockFired() } }
    }

    /// The timer fired: the idle gap ends a frame, a write or request times out, the port is
    /// silent, or a lost port is due to be reopened.
    func clockFired() async {
        guard isActive else { return }
        let now = MonotonicClock.now()
        if port == nil {
            if let nextAttempt, now >= nextAttempt { reopen(at: now) }
        } else {
            framer.expire(at: now, into: &rawFrames)
            deliverFrames()
            if jobs.expire(at: now, device: configuration.device) {
                counters.timeouts += 1
                pumpWrites()
            }
            if let silence = silenceDeadline, now >= silence, let timeout = configuration.silenceTimeout {
                silentReported = true
                outbox.append(
                    .event(
                        "serial_silent",
                        [
                            "module": .string(context.name),
                            "seconds": .double(Double(timeout.duration.nanoseconds) / 1e9),
                        ]))
            }
        }
        rearm()
        await flush()
    }
}
