import DequeModule
import LooselyCoupled
import Logging

extension PortWorker.Loop {
    typealias Job = PortWorker.Job
    typealias Notice = PortWorker.Notice

    // MARK: Opening and losing the port

    /// Takes `opened` as the port: jobs are accepted, the silence timeout and path checks start.
    mutating func adopt(_ opened: any SerialPort, at now: UInt64) {
        port = opened
        backoff.reset()
        lastActivity = now
        silentReported = false
        nextPathCheck = now &+ options.pathCheckInterval.nanosecondsClamped
        shared.control.withLock { control in
            control.connected = true
            control.reason = ""
        }
    }

    /// One attempt to reopen the lost port; on failure the next is scheduled with backoff.
    mutating func reopen(at now: UInt64) {
        do {
            let opened = try backend.open(options.path, settings: options.settings, exclusive: options.exclusive)
            adopt(opened, at: now)
            counters.reconnects.add()
            logger.notice("serial port open again", metadata: ["serial.device": "\(options.path)", "serial.resolved": "\(opened.device)"])
            post(.connected(PortWorker.Connection(device: opened.device, settings: opened.settings)))
        } catch {
            let delay = backoff.next()
            nextAttempt = MonotonicClock.now() &+ delay.nanosecondsClamped
            logger.info(
                "cannot reopen the serial port yet; trying again later",
                metadata: ["serial.device": "\(options.path)", "retry_in": "\(delay)", "error": "\(error)"])
        }
    }

    /// Closes the port after it failed or vanished: the partial frame is discarded (counted
    /// and logged), every job fails with `disconnected`, the module is told, and the first
    /// reopen is scheduled.
    mutating func lose(_ reason: String, at now: UInt64) {
        guard let lost = port else { return }
        let device = lost.device
        port = nil
        let discarded = framer.reset()
        if discarded > 0 {
            counters.discardedBytes.add(discarded)
            logger.warning(
                "the port closed in the middle of a frame; its bytes are discarded",
                metadata: ["serial.device": "\(options.path)", "bytes": "\(discarded)"])
        }
        let error = SerialError(.disconnected, "\(options.path) was disconnected: \(reason)")
        // Taken whole, not copied into an Array: copying an empty Deque writes the count of
        // the shared empty-array storage, which ThreadSanitizer reports as a race.
        let jobs = shared.control.withLock { control -> Deque<Job> in
            control.connected = false
            control.reason = reason
            defer { control.jobs = [] }
            return control.jobs
        }
        current?.complete(.failed(error))
        current = nil
        awaitingReply = false
        for job in jobs { job.complete(.failed(error)) }
        logger.warning("serial port lost; reopening it", metadata: ["serial.device": "\(options.path)", "serial.resolved": "\(device)", "reason": "\(reason)"])
        post(.disconnected(device: device, reason: reason))
        nextAttempt = now &+ backoff.next().nanosecondsClamped
    }

    /// At stop: the port closes and every job fails with `stopped`.
    mutating func shutDown() {
        let error = SerialError(.stopped, "\(options.path): the serial module stopped")
        let jobs = shared.control.withLock { control -> Deque<Job> in
            control.connected = false
            defer { control.jobs = [] }
            return control.jobs
        }
        current?.complete(.failed(error))
        current = nil
        for job in jobs { job.complete(.failed(error)) }
        port = nil
    }

    // MARK: Reading

    /// One read of what is pending; its frames go to the module together.
    mutating func readAvailable(at now: UInt64, hungUp: Bool) {
        guard let port else { return }
        let count: Int
        do {
            count = try port.read(into: buffer)
        } catch {
            return lose(error.message, at: now)
        }
        guard count > 0 else {
            if hungUp { lose("the line was hung up (the device closed it, or was unplugged)", at: now) }
            return
        }
        counters.bytesIn.add(count)
        lastActivity = now
        silentReported = false
        framer.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), at: now, into: &frames)
        if !frames.isEmpty { deliverFrames() }
    }

    /// Encodes the frames cut so far, answers the request awaiting a reply, and posts them.
    mutating func deliverFrames() {
        var batch: [PortWorker.Frame] = []
        batch.reserveCapacity(frames.count)
        for raw in frames {
            let frame = PortWorker.Frame(
                data: options.encoding.encode(raw.bytes), byteCount: raw.bytes.count, cut: raw.cut, timestampNanoseconds: raw.timestampNanoseconds)
            if raw.cut {
                counters.cutFrames.add()
                if let suppressed = cutLog.shouldLog(at: raw.timestampNanoseconds) {
                    logger.warning(
                        "a frame longer than max_frame was cut",
                        metadata: ["serial.device": "\(options.path)", "max_frame": "\(options.maxFrame)", "cut_before": "\(suppressed)"])
                }
            }
            if awaitingReply, let job = current, expect.map({ frame.data.contains($0) }) ?? true {
                job.complete(.reply(frame))
                current = nil
                awaitingReply = false
            }
            batch.append(frame)
        }
        counters.frames.add(frames.count)
        frames.removeAll(keepingCapacity: true)
        post(.frames(batch))
    }

    // MARK: Writing

    /// Takes the next job if none is in progress, and writes what the port takes now.
    mutating func startNextJob(now: UInt64) {
        while current == nil, port != nil, let job = shared.control.withLock({ $0.jobs.popFirst() }) {
            current = job
            written = 0
            expect = job.expect.flatMap { try? Regex($0) }
            writeCurrent(now: now)
        }
    }

    /// Writes as much of the current job as the port takes; a job written completes, or
    /// starts awaiting its reply.
    mutating func writeCurrent(now: UInt64) {
        guard let port, let job = current, !awaitingReply else { return }
        while written < job.bytes.count {
            let offset = written
            let result = job.bytes.withUnsafeBytes { bytes in
                Result { () throws(SerialError) in try port.write(UnsafeRawBufferPointer(rebasing: bytes[offset...])) }
            }
            let count: Int
            switch result {
            case .success(let taken): count = taken
            case .failure(let error): return lose(error.message, at: now)
            }
            guard count > 0 else { return }
            written += count
            counters.bytesOut.add(count)
        }
        if job.awaitsReply {
            awaitingReply = true
        } else {
            job.complete(.written(job.bytes.count))
            current = nil
        }
    }

    // MARK: Handing off

    /// Adds `notice` to the inbox; the first one since the module last took them hands off.
    /// With the inbox at its limit, reading pauses until the module has taken them: the
    /// driver's buffer holds what arrives meanwhile, and flow control, where configured, holds
    /// the device.
    mutating func post(_ notice: Notice) {
        let limit = options.inboxLimit
        let (needsHandOff, full) = shared.inbox.withLock { inbox -> (Bool, Bool) in
            inbox.notices.append(notice)
            if case .frames(let frames) = notice { inbox.frameCount += frames.count }
            let full = inbox.frameCount >= limit
            if full { inbox.readerWaiting = true }
            defer { inbox.handOffPending = true }
            return (!inbox.handOffPending, full)
        }
        if full && !readingPaused {
            readingPaused = true
            counters.readPauses.add()
            if let suppressed = pauseLog.shouldLog(at: MonotonicClock.now()) {
                logger.warning(
                    "the module is not keeping up with the port; reading pauses until it has caught up",
                    metadata: ["serial.device": "\(options.path)", "waiting_frames": "\(limit)", "pauses_before": "\(suppressed)"])
            }
        }
        if needsHandOff && !handOff() {
            shared.inbox.withLock { $0.handOffPending = false }
        }
    }
}
