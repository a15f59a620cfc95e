import LooselyCoupled
import Synchronization

/// BENCHMARKS.md §2: queued calls with priorities `1 + (i mod 5)`, checked for priority and FIFO order.
///
/// "Number enqueued so far" at each serve is taken from the queue's own snapshot at the moment
/// the item was released: served before + this one + the backlog still waiting (all items go to
/// the one consumer). Reading a producer counter afterwards instead would race the producer,
/// which runs in parallel on another core.
enum QueuedCallsBenchmark {
    final class Shared: Sendable {
        let n: Int
        let done = Done()
        /// The consumer's record, handed over directly rather than as a `Value` (200 000 small
        /// arrays would dominate the scenario's peak RSS).
        let record = Locked<[(i: Int, enqueued: Int)]>([])
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
            let cpu0 = cpuMicroseconds()
            let t0 = now()
            for i in 0..<shared.n {
                let priority = Priority(rawValue: 1 + i % 5) ?? .normal
                try await context.enqueue("consumer.work", ["i": .int(i)], priority: priority)
            }
            let t1 = now()
            await shared.done.wait()
            let t2 = now()
            return [
                "t0": .int(Int(t0)), "t1": .int(Int(t1)), "t2": .int(Int(t2)),
                "cpu_us": .double(cpuMicroseconds() - cpu0),
            ]
        }
    }

    actor Consumer: Module {
        let context: ModuleContext
        let shared: Shared
        var count = 0
        /// (i, number enqueued so far) per serve, in serve order.
        var record: [(i: Int, enqueued: Int)] = []
        init(context: ModuleContext, shared: Shared) {
            self.context = context
            self.shared = shared
            record.reserveCapacity(shared.n)
        }
        init(context: ModuleContext) throws { throw CallError(.invalidArguments, "needs shared state") }

        static let interface = ModuleInterface<Consumer> {
            Method("work") { consumer, arguments in
                consumer.work(arguments["i"]?.intValue ?? -1)
            }
        }

        private func work(_ i: Int) -> Value {
            let backlog = context.currentItem?.backlog ?? 0
            record.append((i, count + 1 + backlog))
            count += 1
            if count == shared.n {
                shared.record.withLock { $0 = record }
                shared.done.fire()
            }
            return .null
        }
    }

    struct Check {
        var priorityViolations = 0
        var fifoViolations = 0
        var backlogAtFirstServe = 0
        var backlogMax = 0
        var count = 0
    }

    /// Replays the record: at each serve, nothing of strictly higher priority may have been
    /// enqueued and still be waiting, and within a priority items come in enqueue order.
    static func check(_ record: [(i: Int, enqueued: Int)]) -> Check {
        var check = Check()
        var served = [Int](repeating: 0, count: 5)
        for (position, entry) in record.enumerated() {
            let priority = entry.i % 5
            let backlog = entry.enqueued - position - 1
            if position == 0 { check.backlogAtFirstServe = backlog }
            check.backlogMax = max(check.backlogMax, backlog)
            for higher in 0..<priority {
                let enqueuedAtHigher = entry.enqueued > higher ? (entry.enqueued - higher + 4) / 5 : 0
                if enqueuedAtHigher > served[higher] {
                    check.priorityViolations += 1
                    break
                }
            }
            if entry.i != priority + 5 * served[priority] { check.fifoViolations += 1 }
            served[priority] += 1
            check.count += 1
        }
        return check
    }

    static func run(n: Int) async throws {
        let shared = Shared(n: n)
        var result: Value = .null
        try await runManager([
            ModuleSpec(Producer.self, name: "producer") { Producer(context: $0, shared: shared) },
            ModuleSpec(Consumer.self, name: "consumer") { Consumer(context: $0, shared: shared) },
        ]) { manager in
            result = try await manager.call("producer.run")
        }
        let check = check(shared.record.withLock { $0 })
        let t0 = UInt64(result["t0"]?.intValue ?? 0)
        let t1 = UInt64(result["t1"]?.intValue ?? 0)
        let t2 = UInt64(result["t2"]?.intValue ?? 0)
        let wall = seconds(t2 - t0)
        let orderOK = check.priorityViolations == 0 && check.fifoViolations == 0
        var report = Report(scenario: "queued_calls", n: n)
        report.add("ok", orderOK && check.count == n && check.backlogMax > 0)
        report.add("wall_s", wall)
        report.add("calls_per_s", Double(n) / wall)
        report.add("cpu_us_per_call", (result["cpu_us"]?.doubleValue ?? 0) / Double(n))
        report.add("enqueue_phase_s", seconds(t1 - t0))
        report.add("drain_phase_s", seconds(t2 - t1))
        report.add("backlog_at_first_serve", check.backlogAtFirstServe)
        report.add("backlog_max", check.backlogMax)
        report.add("priority_violations", check.priorityViolations)
        report.add("fifo_within_priority_violations", check.fifoViolations)
        report.add("priority_order_ok", orderOK)
        report.add("count_ok", check.count == n)
        report.add("peak_rss_mib", peakRSSMiB())
        report.print()
    }
}
