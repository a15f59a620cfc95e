import Logging
import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reading: the port's bytes, framed, as `serial_frame` events.
extension SerialModule {
    /// Has the module's thread watch the port: when it polls readable or hangs up, the thread
    /// posts ``portReady(_:revents:)`` to the module's mailbox, at high priority.
    func startReading() {
        guard readWatch == nil, let port else { return }
        let context = context
        let generation = portGeneration
        readPending = false
        // A full queue: the bytes wait in the driver and the thread tries again shortly.
        readWatch = thread.watch(port.pollDescriptor) { revents in
            context.tryPost(to: SerialModule.self, priority: .high) { module in
                await module.portReady(generation, revents: revents)
            }
        }
    }

    func stopReading() {
        if let readWatch { thread.unwatch(readWatch) }
        readWatch = nil
        readPending = false
    }

    /// The port of open number `generation` polled readable or hung up (`revents`): reads what is
    /// pending, sends its frames, and watches the port again once they are sent. While they wait
    /// for room in a full queue, the next bytes wait in the driver (and, with flow control, the
    /// device waits): the module falls behind without dropping a frame.
    func portReady(_ generation: Int, revents: Int16) async {
        guard generation == portGeneration, port != nil, readWatch != nil else { return }
        let hungUp = revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
        readAvailable(at: MonotonicClock.now(), hungUp: hungUp)
        rearm()
        readPending = readWatch != nil
        await flush()
    }

    /// One read of what is pending (up to 64 KiB); its frames go out together.
    func readAvailable(at now: UInt64, hungUp: Bool) {
        guard let port else { return }
        let result = readBuffer.withUnsafeMutableBytes { buffer in
            Result { () throws(SerialError) -> Int in try port.read(into: buffer) }
        }
        let count: Int
        switch result {
        case .success(let read): count = read
        case .failure(let error): return lose(error.message, at: now)
        }
        guard count > 0 else {
            if hungUp { lose("the line was hung up (the device closed it, or was unplugged)", at: now) }
            return
        }
        counters.bytesIn += count
        lastActivity = now
        silentReported = false
        readBuffer.withUnsafeBytes { bytes in
            framer.feed(UnsafeRawBufferPointer(rebasing: bytes[..<count]), at: now, into: &rawFrames)
        }
        deliverFrames()
    }

    /// Encodes the frames cut so far, answers the request awaiting a reply, and queues them as
    /// `serial_frame` events; the last one becomes `MODULE.last_frame`'s state, just before its
    /// event, so that its handlers read it there.
    func deliverFrames() {
        guard let last = rawFrames.indices.last else { return }
        let module = Value.string(context.name)
        for index in rawFrames.indices {
            let raw = rawFrames[index]
            let frame = SerialFrame(
                data: configuration.encoding.encode(raw.bytes), byteCount: raw.bytes.count, cut: raw.cut,
                timestampNanoseconds: raw.timestampNanoseconds)
            if raw.cut {
                counters.cutFrames += 1
                if let suppressed = cutLog.shouldLog(at: raw.timestampNanoseconds) {
                    context.logger.warning(
                        "a frame longer than max_frame was cut",
                        metadata: [
                            "serial.device": "\(configuration.device)", "max_frame": "\(configuration.maxFrame)",
                            "cut_before": "\(suppressed)",
                        ])
                }
            }
            jobs.received(frame)
            if index == last {
                lastFrame = frame.data
                outbox.append(.state(Self.lastFrameKey, .string(frame.data), [:]))
            }
            outbox.append(.event("serial_frame", frame.payload(module: module)))
        }
        counters.frames += rawFrames.count
        rawFrames.removeAll(keepingCapacity: true)
        // A reply frees the writes behind its request.
        pumpWrites()
    }
}
