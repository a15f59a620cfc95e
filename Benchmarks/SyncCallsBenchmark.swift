import LooselyCoupled

/// BENCHMARKS.md §3: strictly sequential synchronous `consumer.work` calls by name.
enum SyncCallsBenchmark {
    actor Producer: Module {
        let context: ModuleContext
        init(context: ModuleContext) { self.context = context }

        static let interface = ModuleInterface<Producer> {
            Method("run") { producer, arguments in try await producer.run(n: arguments["n"]?.intValue ?? 0) }
        }

        func run(n: Int) async throws -> Value {
            let cpu0 = cpuMicroseconds()
            let t0 = now()
            var sum = 0
            for i in 0..<n {
                sum &+= try await context.call("consumer.work", ["i": .int(i)]).intValue ?? 0
            }
            let t1 = now()
            return [
                "t0": .int(Int(t0)), "t1": .int(Int(t1)), "sum": .int(sum), "cpu_us": .double(cpuMicroseconds() - cpu0),
            ]
        }
    }

    actor Consumer: Module {
        var count = 0
        init(context: ModuleContext) {}

        static let interface = ModuleInterface<Consumer> {
            Method("work") { consumer, arguments in
                consumer.count += 1
                return arguments["i"] ?? .null
            }
            Method("count") { consumer, _ in .int(consumer.count) }
        }
    }

    /// The same number of round trips to another actor with no framework in between: the floor
    /// under any design that keeps modules isolated as actors.
    actor Bare {
        var count = 0
        func work(_ i: Int) -> Int {
            count += 1
            return i
        }
    }

    actor BareCaller {
        func run(n: Int, callee: Bare) async -> (nanoseconds: UInt64, sum: Int) {
            let t0 = now()
            var sum = 0
            for i in 0..<n { sum &+= await callee.work(i) }
            return (now() - t0, sum)
        }
    }

    static func run(n: Int) async throws {
        var result: Value = .null
        var count = 0
        try await runManager([
            ModuleSpec(Producer.self, name: "producer"),
            ModuleSpec(Consumer.self, name: "consumer"),
        ]) { manager in
            result = try await manager.call("producer.run", ["n": .int(n)])
            count = try await manager.call("consumer.count").intValue ?? -1
        }
        let wall = seconds(UInt64(result["t1"]?.intValue ?? 0) - UInt64(result["t0"]?.intValue ?? 0))
        let bare = await BareCaller().run(n: n, callee: Bare())
        let floor = seconds(bare.nanoseconds)
        let countOK = count == n && result["sum"]?.intValue == n * (n - 1) / 2 && bare.sum == n * (n - 1) / 2
        var report = Report(scenario: "sync_calls", n: n)
        report.add("ok", countOK)
        report.add("wall_s", wall)
        report.add("calls_per_s", Double(n) / wall)
        report.add("mean_us_per_call", wall * 1e6 / Double(n))
        report.add("cpu_us_per_call", (result["cpu_us"]?.doubleValue ?? 0) / Double(n))
        report.add("count_ok", countOK)
        report.add("actor_hop_floor_us_per_call", floor * 1e6 / Double(n))
        report.add("peak_rss_mib", peakRSSMiB())
        report.print()
    }
}
