import LooselyCoupled
import Synchronization

/// BENCHMARKS.md §1: broadcast throughput, one producer and four counting consumers.
enum EventsBenchmark {
    final class Shared: Sendable {
        let n: Int
        let finishedConsumers = Atomic<Int>(0)
        let allCounted = Done()
        let counts = Locked<[Int]>([])
        init(n: Int) { self.n = n }
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
            Method("run") { producer, _ in try await producer.run() }
        }

        func run() async throws -> Value {
            let n = shared.n
            let cpu0 = cpuMicroseconds()
            let t0 = now()
            for i in 0..<n {
                try await context.trigger("tick", .int(i))
            }
            let t1 = now()
            await shared.allCounted.wait()
            let t2 = now()
            let cpu = cpuMicroseconds() - cpu0
            return ["t0": .int(Int(t0)), "t1": .int(Int(t1)), "t2": .int(Int(t2)), "cpu_us": .double(cpu)]
        }
    }

    actor Consumer: Module {
        let shared: Shared
        var count = 0
        init(shared: Shared) { self.shared = shared }
        init(context: ModuleContext) throws { throw CallError(.invalidArguments, "needs shared state") }

        static let interface = ModuleInterface<Consumer> {
            On("tick") { consumer, _ in
                consumer.count += 1
                if consumer.count == consumer.shared.n { consumer.finished() }
            }
        }

        private func finished() {
            shared.counts.withLock { $0.append(count) }
            if shared.finishedConsumers.add(1, ordering: .acquiringAndReleasing).newValue == 4 {
                shared.allCounted.fire()
            }
        }
    }

    static func run(n: Int) async throws {
        let shared = Shared(n: n)
        var modules = [ModuleSpec(Producer.self, name: "producer") { Producer(context: $0, shared: shared) }]
        for index in 0..<4 {
            modules.append(ModuleSpec(Consumer.self, name: "consumer\(index)") { _ in Consumer(shared: shared) })
        }
        var result: Value = .null
        try await runManager(modules) { manager in
            result = try await manager.call("producer.run")
        }
        let t0 = UInt64(result["t0"]?.intValue ?? 0)
        let t1 = UInt64(result["t1"]?.intValue ?? 0)
        let t2 = UInt64(result["t2"]?.intValue ?? 0)
        let wall = seconds(t2 - t0)
        let counts = shared.counts.withLock { $0 }
        let countsOK = counts.count == 4 && counts.allSatisfy { $0 == n }
        var report = Report(scenario: "events", n: n)
        report.add("ok", countsOK)
        report.add("wall_s", wall)
        report.add("events_per_s", Double(n) / wall)
        report.add("handler_invocations_per_s", Double(4 * n) / wall)
        report.add("trigger_phase_s", seconds(t1 - t0))
        report.add("drain_phase_s", seconds(t2 - t1))
        report.add("cpu_us_per_event", (result["cpu_us"]?.doubleValue ?? 0) / Double(n))
        report.add("counts_ok", countsOK)
        report.add("peak_rss_mib", peakRSSMiB())
        report.print()
    }
}
