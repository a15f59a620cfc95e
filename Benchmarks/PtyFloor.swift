import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#endif

/// The floor under `serial_frames`' latency, measured in the same run: the same lines at the same
/// rate through a pseudo-terminal of their own, with no framework at all.
///
/// A plain thread writes each line on the same absolute schedule; another plain thread waits in
/// `poll` on the terminal side, reads, and records `now − written` for each line. The kernel's
/// part (the pty pushes what is written to the terminal side from a worker thread, which then
/// wakes the reader) is in it, as it is in the module's path; so the module's latency can be no
/// lower than this.
enum PtyFloor {
    /// ``measure(count:period:)``, or nothing with `LC_BENCH_NO_FLOOR` set (see ``WakeFloor``).
    static func measureUnlessSkipped(count: Int, period: UInt64) throws -> [Double] {
        if getenv("LC_BENCH_NO_FLOOR") != nil { return [] }
        return try measure(count: count, period: period)
    }

    /// Each line's latency, µs, sorted.
    static func measure(count: Int, period: UInt64) throws -> [Double] {
        let pty = try PseudoTerminalPair()
        defer { pty.close() }
        var raw = termios()
        tcgetattr(pty.terminal, &raw)
        cfmakeraw(&raw)
        tcsetattr(pty.terminal, TCSANOW, &raw)
        let latencies = Locked<[Double]>([])
        let terminal = pty.terminal
        let reader = try OSThread.spawn(name: "bench-floor") {
            var buffer = [UInt8](repeating: 0, count: 4096)
            var pending: [UInt8] = []
            var seen = 0
            while seen < count {
                var descriptor = pollfd(fd: terminal, events: Int16(POLLIN), revents: 0)
                _ = poll(&descriptor, 1, 1000)
                let read = buffer.withUnsafeMutableBytes { Glibc.read(terminal, $0.baseAddress, $0.count) }
                let arrived = now()
                guard read > 0 else { continue }
                pending += buffer[..<read]
                while let end = pending.firstIndex(of: 10) {
                    let fields = pending[..<end].split(separator: UInt8(ascii: " "))
                    pending.removeSubrange(...end)
                    seen += 1
                    guard fields.count > 1, let written = UInt64(String(decoding: fields[1], as: UTF8.self)) else {
                        continue
                    }
                    latencies.withLock { $0.append(Double(arrived &- written) / 1000) }
                }
            }
        }
        SerialFramesBenchmark.pace(count: count, period: period) { index in
            SerialFramesBenchmark.writeAll(pty.controller, SerialFramesBenchmark.line(index, writtenAt: now()))
        }
        reader.join()
        return latencies.withLock { $0 }.sorted()
    }
}

/// A pseudo-terminal pair from `openpty`, both sides close-on-exec: the benchmark writes the
/// device's side (`controller`), the module or the floor's reader opens or reads the terminal.
struct PseudoTerminalPair: Sendable {
    let controller: Int32
    let terminal: Int32
    /// The terminal side's path, `/dev/pts/N`.
    let path: String

    init() throws {
        var controller: Int32 = -1
        var terminal: Int32 = -1
        var name = [CChar](repeating: 0, count: 128)
        guard openpty(&controller, &terminal, &name, nil, nil) == 0 else {
            throw CallError(.handlerFailed, "openpty failed: errno \(errno)")
        }
        _ = fcntl(controller, F_SETFD, FD_CLOEXEC)
        _ = fcntl(terminal, F_SETFD, FD_CLOEXEC)
        self.controller = controller
        self.terminal = terminal
        self.path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func close() {
        _ = Glibc.close(controller)
        _ = Glibc.close(terminal)
    }
}
