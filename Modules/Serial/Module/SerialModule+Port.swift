import Logging
import LooselyCoupled

/// Opening, losing and reopening the port.
extension SerialModule {
    /// Takes `opened` as the port: writes and requests are taken, the silence timeout starts.
    func adopt(_ opened: any SerialPort, at now: UInt64) {
        port = opened
        portGeneration &+= 1
        backoff.reset()
        nextAttempt = nil
        reason = ""
        resolved = opened.device
        settings = opened.settings
        lastActivity = now
        silentReported = false
    }

    /// One attempt to reopen the lost port; on failure the next is scheduled with backoff.
    func reopen(at now: UInt64) {
        do {
            let opened = try backend.open(
                configuration.device, settings: configuration.settings, exclusive: configuration.exclusive)
            adopt(opened, at: now)
            counters.reconnects += 1
            context.logger.notice(
                "serial port open again",
                metadata: ["serial.device": "\(configuration.device)", "serial.resolved": "\(opened.device)"])
            announceConnected()
            startReading()
        } catch {
            let delay = backoff.next()
            nextAttempt = Self.deadline(after: delay, from: MonotonicClock.now())
            context.logger.info(
                "cannot reopen the serial port yet; trying again later",
                metadata: ["serial.device": "\(configuration.device)", "retry_in": "\(delay)", "error": "\(error)"])
        }
    }

    /// `serial_connected`, with the entity `MODULE.connected` on: at the first activation, and
    /// after each reopen.
    func announceConnected() {
        outbox.append(.state(Self.connectedKey, "on", connectedAttributes()))
        outbox.append(
            .event(
                "serial_connected",
                [
                    "module": .string(context.name), "device": .string(configuration.device),
                    "resolved": .string(resolved ?? configuration.device),
                ]))
    }

    /// Closes the port after it failed or vanished: the partial frame is discarded (counted and
    /// logged), every write and request fails with `disconnected`, `serial_disconnected` is sent,
    /// and the first reopen is scheduled.
    func lose(_ reason: String, at now: UInt64) {
        guard let lost = port else { return }
        let device = lost.device
        close()
        self.reason = reason
        let discarded = framer.reset()
        if discarded > 0 {
            counters.discardedBytes += discarded
            context.logger.warning(
                "the port closed in the middle of a frame; its bytes are discarded",
                metadata: ["serial.device": "\(configuration.device)", "bytes": "\(discarded)"])
        }
        jobs.failAll(SerialError(.disconnected, "\(configuration.device) was disconnected: \(reason)"))
        context.logger.warning(
            "serial port lost; reopening it",
            metadata: [
                "serial.device": "\(configuration.device)", "serial.resolved": "\(device)", "reason": "\(reason)",
            ])
        outbox.append(.state(Self.connectedKey, "off", ["reason": .string(reason)]))
        outbox.append(
            .event(
                "serial_disconnected",
                [
                    "module": .string(context.name), "device": .string(configuration.device),
                    "resolved": .string(device), "reason": .string(reason),
                ]))
        nextAttempt = Self.deadline(after: backoff.next(), from: now)
    }

    /// Stops watching the port and closes it.
    func close() {
        stopReading()
        stopWatchingWritable()
        port = nil
    }

    /// The repeating job: at its first run after activation it starts reading and sends
    /// `serial_connected` for the open at start; every run checks that the configured path still
    /// leads to the open device (a `/dev/serial/by-id` link goes when its adapter is unplugged,
    /// even where the kernel does not hang the terminal up).
    func checkPort() async {
        guard isActive else { return }
        if port != nil, readWatch == nil {
            announceConnected()
            startReading()
        }
        if let why = port?.vanished() { lose(why, at: MonotonicClock.now()) }
        rearm()
        await flush()
    }

    /// The attributes of `MODULE.connected` while the port is open: the device the path led to.
    func connectedAttributes() -> Value.Object {
        ["device": .string(resolved ?? configuration.device)]
    }

    /// `now` plus `delay`, saturating: a deadline on `CLOCK_MONOTONIC`.
    static func deadline(after delay: Duration, from now: UInt64) -> UInt64 {
        let (sum, overflow) = now.addingReportingOverflow(UInt64(clamping: delay.nanoseconds))
        return overflow ? .max : sum
    }
}
