import Logging
import LooselyCoupled
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// One control client, served on its own thread: request lines in, reply lines out, and after
/// an `events` request, the event stream until the client hangs up or the daemon stops.
struct ControlConnection {
    /// The longest request line read; longer ones get `line_too_long` and are skipped.
    static let lineLimit = 1 << 20

    let socket: SocketDescriptor
    let responder: ControlResponder
    let logger: Logger
    /// After this long without a request, the connection is closed (the socket's receive
    /// timeout, set by the server, makes the read fail with EAGAIN).
    var idleTimeout: Duration = ControlServer.idleTimeout

    /// Serves the client until it disconnects or the server shuts the socket down.
    func serve() {
        var reader = LineReader(descriptor: socket.rawValue, limit: Self.lineLimit)
        do {
            while true {
                switch try reader.next() {
                case .end:
                    return
                case .tooLong:
                    logger.warning("control request too long; skipped", metadata: ["limit": "\(Self.lineLimit)"])
                    try send(ControlResponder.reply(.failure(.lineTooLong(limit: Self.lineLimit)), id: nil))
                case .line(let line):
                    guard !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) else { continue }
                    switch responder.respond(to: line) {
                    case .reply(let reply):
                        try send(reply)
                    case .watch(let reply, let events):
                        try send(reply)
                        try stream(events)
                        return
                    }
                }
            }
        } catch  where error.errno == .resourceTemporarilyUnavailable || error.errno == .wouldBlock {
            var metadata = responder.peer?.metadata ?? [:]
            metadata["idle_timeout"] = "\(idleTimeout)"
            logger.notice("closed an idle control client", metadata: metadata)
            try? send(ControlResponder.reply(.failure(.idle(timeout: idleTimeout)), id: nil))
        } catch {
            logger.debug("control client dropped", metadata: ["error": "\(error)"])
        }
    }

    private func send(_ reply: Value) throws(SystemError) {
        try socket.send(line: (reply).json)
    }

    /// Writes events as they come. A task (cheap, on the pool) moves them from the manager's
    /// stream into an outbox; this thread writes them, so a slow client blocks only itself.
    private func stream(_ events: AsyncStream<Event>) throws(SystemError) {
        let outbox = try EventOutbox()
        let pump = Task {
            for await event in events { outbox.push(event) }
            outbox.finish()
        }
        defer { pump.cancel() }
        var scratch = [UInt8](repeating: 0, count: 4096)
        while true {
            let ready = try pollForever([(socket.rawValue, Int16(POLLIN)), (outbox.wake.readDescriptor, Int16(POLLIN))])
            if ready[0] != 0 {
                // Input after `events` is ignored; the end of input (or an error) ends the stream.
                let count = scratch.withUnsafeMutableBytes { buffer in
                    retryingInterrupts { read(socket.rawValue, buffer.baseAddress, buffer.count) }.result
                }
                guard count > 0 else { return }
            }
            if ready[1] != 0 {
                outbox.wake.drain()
                let (pending, dropped, finished) = outbox.take()
                if dropped > 0 {
                    // Counted where `status` reads watcher drops, as the client is told.
                    responder.manager.recordWatcherDrops(dropped)
                    logger.warning("control client fell behind; events dropped", metadata: ["dropped": "\(dropped)"])
                    try send(["dropped": .int(dropped)])
                }
                let wallNow = WallClock.now()
                let monotonicNow = MonotonicClock.now()
                for event in pending {
                    try send(EventLine.value(event, wallNow: wallNow, monotonicNow: monotonicNow))
                }
                if finished { return }
            }
        }
    }
}
