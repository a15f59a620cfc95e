import LooselyCoupled
import LooselyCoupledSerial
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `serial_frames`: 32-byte lines written by a plain thread into a pseudo-terminal, framed by
/// the serial module's hardware (termios) backend on the other side, until another module's
/// `serial_frame` handler runs.
///
/// Two phases in one process. Throughput: N lines written as fast as the pty takes them;
/// `frames_per_s` and `cpu_us_per_frame` over first write → last handler. Latency: M lines at
/// 1000/s on an absolute schedule, each carrying its write time; the handler records
/// `now − written` (`latency_us_p50/p99`). Then the floor under that latency (``PtyFloor``): the
/// same lines through a pseudo-terminal read by a plain thread (`pty_floor_latency_us_p50/p99`).
enum SerialFramesBenchmark {
    static let latencyFrames = 2_000
    static let periodNanoseconds: UInt64 = 1_000_000

    final class Shared: Sendable {
        let expected = Atomic<Int>(0)
        let received = Atomic<Int>(0)
        let done = Locked<Done?>(nil)
        let latencies = Locked<[UInt64]>([])
        let measuring = Atomic<Bool>(false)
    }

    actor Consumer: Module {
        let shared: Shared
        init(shared: Shared) { self.shared = shared }
        init(context: ModuleContext) throws { throw CallError(.invalidArguments, "needs shared state") }

        static let interface = ModuleInterface<Consumer> {
            On("serial_frame") { consumer, event in
                let arrived = now()
                consumer.receive(event.payload["data"]?.stringValue, at: arrived)
            }
        }

        private func receive(_ data: String?, at arrived: UInt64) {
            if shared.measuring.load(ordering: .relaxed), let field = data?.split(separator: " ").dropFirst().first,
                let written = UInt64(field)
            {
                shared.latencies.withLock { $0.append(arrived &- written) }
            }
            let count = shared.received.add(1, ordering: .relaxed).newValue
            if count == shared.expected.load(ordering: .relaxed) { shared.done.withLock { $0 }?.fire() }
        }
    }

    /// `L00000042 1234567890123456789 …` padded to 30 characters, then `\r\n`: 32 bytes.
    static func line(_ index: Int, writtenAt: UInt64) -> [UInt8] {
        var text = "L" + pad(index, 8) + " " + pad(Int(writtenAt), 19) + " "
        while text.utf8.count < 30 { text += "x" }
        return Array(text.utf8) + [13, 10]
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func run(n: Int) async throws {
        let pty = try PseudoTerminalPair()
        let path = pty.path
        let device = pty.controller
        let shared = Shared()
        let config = try SerialModule.schema.validate(
            yaml: "device: \(path)\nbaud: 4000000\nmax_frame: 64\n", file: "bench.yaml")
        var throughputWall = 0.0
        var throughputCPU = 0.0
        var throughputReceived = 0
        try await runManager([
            ModuleSpec(SerialModule.self, name: "meter", typeName: "serial", config: config),
            ModuleSpec(Consumer.self, name: "consumer") { _ in Consumer(shared: shared) },
        ]) { _ in
            // Throughput: the writer blocks whenever the pty's buffer is full.
            let throughputDone = Done()
            shared.done.withLock { $0 = throughputDone }
            shared.expected.store(n, ordering: .relaxed)
            let cpuStart = cpuMicroseconds()
            let start = now()
            let writer = try OSThread.spawn(name: "bench-pty") {
                var batch: [UInt8] = []
                for index in 0..<n {
                    batch += line(index, writtenAt: 0)
                    if batch.count >= 4096 || index == n - 1 {
                        writeAll(device, batch)
                        batch.removeAll(keepingCapacity: true)
                    }
                }
            }
            await throughputDone.wait()
            throughputWall = seconds(now() - start)
            throughputCPU = cpuMicroseconds() - cpuStart
            throughputReceived = shared.received.load(ordering: .relaxed)
            writer.join()

            // Latency: one line a millisecond, each carrying the time it was written.
            let latencyDone = Done()
            shared.done.withLock { $0 = latencyDone }
            shared.received.store(0, ordering: .relaxed)
            shared.expected.store(latencyFrames, ordering: .relaxed)
            shared.measuring.store(true, ordering: .relaxed)
            let paced = try OSThread.spawn(name: "bench-pty") {
                pace(count: latencyFrames, period: periodNanoseconds) { index in
                    writeAll(device, line(index, writtenAt: now()))
                }
            }
            await latencyDone.wait()
            paced.join()
        }
        pty.close()
        let latencies = shared.latencies.withLock { $0 }.map { Double($0) / 1000 }.sorted()
        // The same lines through a pseudo-terminal with no framework, in the same process.
        let floor = try PtyFloor.measureUnlessSkipped(count: latencyFrames, period: periodNanoseconds)
        var report = Report(scenario: "serial_frames", n: n)
        report.add("ok", throughputReceived == n && latencies.count == latencyFrames)
        report.add("frames_per_s", Double(n) / throughputWall)
        report.add("cpu_us_per_frame", throughputCPU / Double(n))
        report.add("frame_bytes", 32)
        report.add("latency_us_p50", percentile(latencies, 50))
        report.add("latency_us_p90", percentile(latencies, 90))
        report.add("latency_us_p99", percentile(latencies, 99))
        report.add("latency_us_max", latencies.last ?? .nan)
        report.add("latency_frames", latencies.count)
        report.add("latency_rate_hz", 1e9 / Double(periodNanoseconds))
        report.add("pty_floor_latency_us_p50", percentile(floor, 50))
        report.add("pty_floor_latency_us_p99", percentile(floor, 99))
        report.add("peak_rss_mib", peakRSSMiB())
        report.print()
    }

    /// Calls `body` with 0, 1, … `count − 1` on an absolute schedule, one every `period`
    /// nanoseconds from a millisecond from now, sleeping (no busy wait) in between.
    static func pace(count: Int, period: UInt64, _ body: (Int) -> Void) {
        let t0 = now() + 1_000_000
        for index in 0..<count {
            let target = t0 + UInt64(index) * period
            var deadline = timespec(tv_sec: Int(target / 1_000_000_000), tv_nsec: Int(target % 1_000_000_000))
            while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
            body(index)
        }
    }

    /// Writes all of `bytes` to `descriptor`, blocking while the pty's buffer is full.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += count
        }
    }
}
