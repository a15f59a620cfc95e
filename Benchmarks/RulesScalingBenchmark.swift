import LooselyCoupled
import LooselyCoupledController
import Synchronization

/// `rules_scaling`: what an event costs with a controller loaded, with 10 rules and with 1000,
/// none of them on the event.
///
/// N events `tick` (payload: the integer `i`) are triggered through the manager, from outside
/// any module, to a counting `consumer`; the controller `automations` subscribes to every event
/// (`On("*")`), so it handles each `tick` too, and must find that no rule's trigger is on it.
/// The rules are `other_0`, `other_1`, … (exact event names), three globs that do not match
/// `tick` (`zz_*`, `other_*_done`, `sensor_?`), and `drained`, on `bench_end`, which triggers
/// `bench_drained`: sent after the last `tick`, it reaches the consumer only once the controller
/// has handled every `tick` before it, so the window, from the first trigger until the consumer
/// hears `bench_drained`, holds the whole of both modules' work. Process CPU over that window, per
/// event. Two managers, one after the other in this process: 10 rules, then 1000; an index that
/// works costs the same with either (`ratio` ≤ 2).
///
/// The floor in the same run, a third manager after those: the same events to the same consumer
/// with no controller at all (`cpu_us_per_event_no_controller`); the difference is the
/// controller's own cost per event.
enum RulesScalingBenchmark {
    static let globs = ["zz_*", "other_*_done", "sensor_?"]

    final class Shared: Sendable {
        let drained = Done()
        let counted = Atomic<Int>(0)
    }

    actor Consumer: Module {
        let shared: Shared
        let drainEvent: String
        var count = 0
        init(shared: Shared, drainEvent: String) {
            self.shared = shared
            self.drainEvent = drainEvent
        }
        init(context: ModuleContext) throws { throw CallError(.invalidArguments, "needs shared state") }

        static let interface = ModuleInterface<Consumer> {
            On("tick") { consumer, _ in consumer.count += 1 }
            On("bench_end") { consumer, event in consumer.heard(event.name) }
            On("bench_drained") { consumer, event in consumer.heard(event.name) }
        }

        /// `bench_end`, or the controller's `bench_drained` after it.
        private func heard(_ name: String) {
            guard name == drainEvent else { return }
            shared.counted.store(count, ordering: .releasing)
            shared.drained.fire()
        }
    }

    /// `count` rules: `drained`, the globs, and exact names for the rest.
    static func rules(_ count: Int) -> Value {
        var rules: Value.Object = [
            "drained": ["when": [["event": "bench_end"]], "do": [["trigger": "bench_drained"]]]
        ]
        for (index, glob) in globs.enumerated() {
            rules["glob_\(index)"] = ["when": [["event": .string(glob)]], "do": [["trigger": "never"]]]
        }
        for index in 0..<max(0, count - 1 - globs.count) {
            rules["other_\(index)"] = ["when": [["event": .string("other_\(index)")]], "do": [["trigger": "never"]]]
        }
        return ["rules": .object(rules)]
    }

    /// Process CPU per event, µs, and how many `tick`s the consumer counted, with the controller
    /// given `rules` (none: no controller).
    static func measure(n: Int, rules: Value?) async throws -> (cpu: Double, counted: Int) {
        let shared = Shared()
        // Without a controller, the consumer ends at `bench_end` itself.
        let drainEvent = rules == nil ? "bench_end" : "bench_drained"
        var modules = [
            ModuleSpec(Consumer.self, name: "consumer") { _ in Consumer(shared: shared, drainEvent: drainEvent) }
        ]
        if let rules {
            modules.append(
                ModuleSpec(ControllerModule.self, name: "automations", typeName: "controller", config: rules))
        }
        var cpu = 0.0
        try await runManager(modules) { manager in
            let cpuStart = cpuMicroseconds()
            for i in 0..<n {
                try await manager.trigger("tick", .int(i))
            }
            try await manager.trigger("bench_end")
            // Should the controller not drain, give up rather than hang (and count nothing).
            let timeout = Task {
                try? await Task.sleep(for: .seconds(120))
                shared.drained.fire()
            }
            await shared.drained.wait()
            cpu = cpuMicroseconds() - cpuStart
            timeout.cancel()
        }
        return (cpu / Double(n), shared.counted.load(ordering: .acquiring))
    }

    static func run(n: Int) async throws {
        let ten = try await measure(n: n, rules: rules(10))
        let thousand = try await measure(n: n, rules: rules(1000))
        let none = try await measure(n: n, rules: nil)
        let ratio = thousand.cpu / ten.cpu
        let delivered = [ten, thousand, none].allSatisfy { $0.counted == n }
        var report = Report(scenario: "rules_scaling", n: n)
        // `ok` is about what was done (every event delivered), as in the other scenarios; the
        // goal is its own key, since CPU time per event moves with whatever else the machine runs.
        report.add("ok", delivered)
        report.add("goal_met", ratio <= 2)
        report.add("cpu_us_per_event_10_rules", ten.cpu)
        report.add("cpu_us_per_event_1000_rules", thousand.cpu)
        report.add("ratio", ratio)
        report.add("cpu_us_per_event_no_controller", none.cpu)
        report.add("controller_cpu_us_per_event_10_rules", ten.cpu - none.cpu)
        report.add("controller_cpu_us_per_event_1000_rules", thousand.cpu - none.cpu)
        report.add("delivered_ok", delivered)
        report.add("peak_rss_mib", peakRSSMiB())
        report.print()
    }
}
