import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Writing: `write`, `write_line` and `request`, one at a time, through ``PortJobs``.
extension SerialModule {
    /// Queues `bytes` behind the writes and requests before them and waits until the port took
    /// them (and, with `awaitsReply`, until the reply came); fails at once while the port is
    /// closed.
    func submit(
        _ bytes: [UInt8], timeout: Duration, awaitsReply: Bool, expect: Regex<AnyRegexOutput>?
    ) async -> PortJob.Outcome {
        guard port != nil else {
            return .failed(
                SerialError(
                    .disconnected,
                    "\(configuration.device) is disconnected (\(reason)); the module reopens it by itself"))
        }
        let deadline = Self.deadline(after: timeout, from: MonotonicClock.now())
        let outcome = await withCheckedContinuation { continuation in
            jobs.submit(
                PortJob(
                    bytes: bytes, deadline: deadline, timeout: timeout, awaitsReply: awaitsReply, expect: expect,
                    complete: { continuation.resume(returning: $0) }))
            pumpWrites()
            rearm()
        }
        // A write that failed lost the port: its events.
        await flush()
        return outcome
    }

    /// Writes what the port takes now of the current job and the ones after it, until a request
    /// awaits its reply, the port takes nothing more (then its thread waits until it does), or
    /// no job is left.
    func pumpWrites() {
        guard let port else { return }
        while let pending = jobs.pendingBytes() {
            let result = pending.withUnsafeBytes { bytes in
                Result { () throws(SerialError) -> Int in try port.write(bytes) }
            }
            switch result {
            case .failure(let error):
                return lose(error.message, at: MonotonicClock.now())
            case .success(let count):
                guard count > 0 else { return watchWritable() }
                counters.bytesOut += count
                jobs.wrote(count)
            }
        }
        stopWatchingWritable()
    }

    /// Has the module's thread wait until the port takes bytes again.
    func watchWritable() {
        if let writeWatch {
            thread.resume(writeWatch)
            return
        }
        guard let port else { return }
        let context = context
        let generation = portGeneration
        writeWatch = thread.watch(port.pollDescriptor, events: Int16(POLLOUT)) { revents in
            context.tryPost(to: SerialModule.self, priority: .high) { module in
                await module.portWritable(generation, revents: revents)
            }
        }
    }

    func stopWatchingWritable() {
        if let writeWatch { thread.unwatch(writeWatch) }
        writeWatch = nil
    }

    /// The port of open number `generation` takes bytes again, or hung up.
    func portWritable(_ generation: Int, revents: Int16) async {
        guard generation == portGeneration, port != nil, writeWatch != nil else { return }
        if revents & Int16(POLLOUT) == 0 {
            // A hang-up or an error without room to write: the read says which.
            readAvailable(at: MonotonicClock.now(), hungUp: true)
        } else {
            pumpWrites()
        }
        rearm()
        await flush()
    }
}
