import LooselyCoupled
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// BENCHMARKS.md §4: events triggered from a plain OS thread at 5000/s, latency to the handler.
enum ThreadTriggerLatencyBenchmark {
    static let periodNanoseconds: UInt64 = 200_000

    final class Shared: Sendable {
        let m: Int
        let done = Done()
        /// (latency ns, k) in arrival order.
        let received = Locked<[(latency: UInt64, k: Int)]>([])
        /// Send lag ns per event: how late the thread woke against its schedule.
        let sendLag = Locked<[UInt64]>([])
        let sendSpan = Locked<(first: UInt64, last: UInt64)>((0, 0))
        init(m: Int) { self.m = m }
    }

    actor Producer: Module {
        let context: ModuleContext
        let shared: Shared
        init(context: ModuleContext, shared: Shared) {
            self.context = context
            self.shared = shared
        }
        init(context: ModuleContext) throws { throw CallError(.invalidArguments, "needs shared state") }

        static let interface = ModuleInterface<Producer> {
            Method("run") { producer, _ in try producer.start() }
        }

        func start() throws -> Value {
            let context = context
            let shared = shared
            let thread = try OSThread.spawn(name: "bench-sender") {
                var lags = [UInt64]()
                lags.reserveCapacity(shared.m)
                let t0 = now() + 1_000_000
                var first: UInt64 = 0
                var last: UInt64 = 0
                for k in 0..<shared.m {
                    let target = t0 + UInt64(k) * periodNanoseconds
                    var deadline = timespec(tv_sec: Int(target / 1_000_000_000), tv_nsec: Int(target % 1_000_000_000))
                    while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
                    let sent = now()
                    if k == 0 { first = sent }
                    last = sent
                    lags.append(sent > target ? sent - target : 0)
                    do {
                        try context.trigger("ping", ["k": .int(k), "sent_ns": .int(Int(sent))])
                    } catch {
                        print("trigger failed: \(error)")
                    }
                }
                shared.sendLag.withLock { $0 = lags }
                shared.sendSpan.withLock { $0 = (first, last) }
            }
            _ = thread
            return .null
        }
    }

    actor Consumer: Module {
        let shared: Shared
        var count = 0
        init(shared: Shared) { self.shared = shared }
        init(context: ModuleContext) throws { throw CallError(.invalidArguments, "needs shared state") }

        static let interface = ModuleInterface<Consumer> {
            On("ping") { consumer, event in
                let arrived = now()
                let sent = UInt64(event.payload["sent_ns"]?.intValue ?? 0)
                consumer.receive(latency: arrived - sent, k: event.payload["k"]?.intValue ?? -1)
            }
        }

        private func receive(latency: UInt64, k: Int) {
            shared.received.withLock { $0.append((latency, k)) }
            count += 1
            if count == shared.m { shared.done.fire() }
        }
    }

    static func run(n m: Int) async throws {
        let shared = Shared(m: m)
        shared.received.withLock { $0.reserveCapacity(m) }
        try await runManager([
            ModuleSpec(Producer.self, name: "producer") { Producer(context: $0, shared: shared) },
            ModuleSpec(Consumer.self, name: "consumer") { _ in Consumer(shared: shared) },
        ]) { manager in
            _ = try await manager.call("producer.run")
            await shared.done.wait()
        }
        let received = shared.received.withLock { $0 }
        let latencies = received.map { Double($0.latency) / 1000 }.sorted()
        var reordered = 0
        var previous = -1
        for entry in received {
            if entry.k < previous { reordered += 1 }
            previous = max(previous, entry.k)
        }
        let lags = shared.sendLag.withLock { $0 }.map { Double($0) / 1000 }.sorted()
        let span = shared.sendSpan.withLock { $0 }
        var report = Report(scenario: "thread_trigger_latency", n: m)
        report.add("ok", received.count == m && reordered == 0)
        report.add("latency_us_p50", percentile(latencies, 50))
        report.add("latency_us_p90", percentile(latencies, 90))
        report.add("latency_us_p99", percentile(latencies, 99))
        report.add("latency_us_p999", percentile(latencies, 99.9))
        report.add("latency_us_max", latencies.last ?? .nan)
        report.add("latency_us_mean", latencies.reduce(0, +) / Double(max(1, latencies.count)))
        report.add("received", received.count)
        report.add("achieved_send_rate_hz", Double(m - 1) / seconds(span.last - span.first))
        report.add("send_lag_us_p50", percentile(lags, 50))
        report.add("send_lag_us_p99", percentile(lags, 99))
        report.add("send_lag_us_max", lags.last ?? .nan)
        report.add("reordered", reordered)
        report.add("peak_rss_mib", peakRSSMiB())
        report.print()
    }
}
