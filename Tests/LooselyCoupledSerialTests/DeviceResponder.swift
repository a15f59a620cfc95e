import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#endif

/// A device played on a pseudo-terminal's controlling side by a plain thread: it reads what
/// the module writes, line by line (`\r\n`), and sends back what `answer` returns for each line.
final class DeviceResponder: Sendable {
    private let wake: WakePipe
    private let thread: OSThread
    private let lines = Locked<[String]>([])

    /// Starts answering on `terminal`; `answer` returns the bytes to send for a line, or `nil`.
    init(_ terminal: PseudoTerminal, answer: @escaping @Sendable (String) -> [UInt8]?) throws {
        let wake = try WakePipe()
        let lines = self.lines
        self.wake = wake
        thread = try OSThread.spawn(name: "test-device") {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                var descriptors = [
                    pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0),
                    pollfd(fd: terminal.controller, events: Int16(POLLIN), revents: 0),
                ]
                _ = poll(&descriptors, 2, -1)
                if descriptors[0].revents != 0 { return }
                let count = buffer.withUnsafeMutableBytes { read(terminal.controller, $0.baseAddress, $0.count) }
                if count <= 0 {
                    if count < 0 && errno == EAGAIN { continue }
                    return
                }
                pending += buffer[0..<count]
                while let end = pending.indices.dropLast().first(where: { pending[$0] == 13 && pending[$0 + 1] == 10 })
                {
                    let line = String(decoding: pending[..<end], as: UTF8.self)
                    pending.removeFirst(end + 2)
                    lines.withLock { $0.append(line) }
                    if let reply = answer(line) { try? terminal.send(reply) }
                }
            }
        }
    }

    /// The lines received so far.
    var received: [String] { lines.withLock { $0 } }

    /// Stops the thread and waits for it.
    func stop() {
        wake.signal()
        thread.join()
    }
}
