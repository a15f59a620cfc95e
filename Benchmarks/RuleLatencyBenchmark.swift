import LooselyCoupled
import LooselyCoupledController
import LooselyCoupledGPIO
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `rule_latency`: a press of a simulated button, injected from a plain OS thread, until a
/// controller rule's `set` reaches the output line.
///
/// The path is the real one: the simulated chip queues the edge and wakes the gpio module
/// `panel`'s edge reader thread, debounce and the glitch filter (0 here) and click detection run,
/// `gpio_input` goes to the controller `automations`, whose rule (`when: event gpio_input, match
/// {module: panel, input: button}`, `do: set panel.light toggle`) starts a run, renders its step
/// and sends the entity command `panel.light toggle`, which the gpio module carries out by writing
/// the output line. Each edge is one press; the chip stamps the edge when injected and each level
/// change of the output as it is written (``SimulatedChip/observeOutputs(_:)``), and the latency is
/// the one less the other. N presses at 500/s. The rule runs `queued`, so a press that comes while
/// the last run still goes is run after it, not ignored: every press must reach the line.
///
/// The floor in the same run, in a second manager after the first: the same presses with a
/// direct handler instead of the rule, a plain module whose `On("gpio_input")` sends the same
/// entity command (`handler_*`). `added_over_handler_us_p50` is what the rule machinery adds.
/// CPU is the process's over the presses' window, from the first injection to the last write.
enum RuleLatencyBenchmark {
    static let periodNanoseconds: UInt64 = 2_000_000
    static let buttonLine = 17
    static let lightLine = 27

    static let panelConfig =
        "backend: simulated\ninputs:\n  button: {line: 17, bias: pull-down, debounce: 0, glitch_filter: 0}\n"
        + "outputs:\n  light: {line: 27}\n"

    static let rulesYAML = """
        rules:
          toggle_light:
            when:
              - event: gpio_input
                match: {module: panel, input: button}
            mode: queued
            do:
              - set: panel.light
                state: toggle

        """

    /// The output's level changes, as the chip stamps them, and the signal of the n-th.
    final class Writes: Sendable {
        let n: Int
        let done = Done()
        let stamps = Locked<[UInt64]>([])
        init(n: Int) { self.n = n }

        func record(_ change: SimulatedChip.OutputChange) {
            guard change.offset == RuleLatencyBenchmark.lightLine else { return }
            let count = stamps.withLock { stamps -> Int in
                stamps.append(change.timestampNanoseconds)
                return stamps.count
            }
            if count == n { done.fire() }
        }
    }

    /// The direct handler: what a module author writes instead of the rule.
    actor Handler: Module {
        let context: ModuleContext
        init(context: ModuleContext) { self.context = context }

        static let interface = ModuleInterface<Handler> {
            On("gpio_input") { handler, event in
                guard event.payload["module"]?.stringValue == "panel", event.payload["input"]?.stringValue == "button"
                else { return }
                _ = try await handler.context.setEntity("panel.light", to: "toggle")
            }
        }
    }

    /// One manager's presses.
    struct Phase {
        /// Edge to write, µs, sorted.
        var latencies: [Double]
        var cpuPerPress: Double
        /// Level changes of the output seen (n when no press was lost and none doubled).
        var writes: Int
        /// Whether the line ended at the level n toggles from off give.
        var levelOK: Bool
        /// Whether every write came after its edge.
        var orderOK: Bool
    }

    static func run(n: Int) async throws {
        let rulesConfig = try ControllerModule.schema.validate(yaml: rulesYAML, file: "bench.yaml")
        let rule = try await measure(
            n: n,
            automation: ModuleSpec(
                ControllerModule.self, name: "automations", typeName: "controller", config: rulesConfig)
        )
        let handler = try await measure(
            n: n, automation: ModuleSpec(Handler.self, name: "handler") { Handler(context: $0) })
        let ruleP50 = percentile(rule.latencies, 50)
        let handlerP50 = percentile(handler.latencies, 50)
        let ok = [rule, handler].allSatisfy { $0.writes == n && $0.levelOK && $0.orderOK }
        var report = Report(scenario: "rule_latency", n: n)
        report.add("ok", ok)
        report.add("latency_us_p50", ruleP50)
        report.add("latency_us_p90", percentile(rule.latencies, 90))
        report.add("latency_us_p99", percentile(rule.latencies, 99))
        report.add("latency_us_max", rule.latencies.last ?? .nan)
        report.add("latency_us_mean", mean(rule.latencies))
        report.add("handler_latency_us_p50", handlerP50)
        report.add("handler_latency_us_p90", percentile(handler.latencies, 90))
        report.add("handler_latency_us_p99", percentile(handler.latencies, 99))
        report.add("handler_latency_us_max", handler.latencies.last ?? .nan)
        report.add("handler_latency_us_mean", mean(handler.latencies))
        report.add("added_over_handler_us_p50", ruleP50 - handlerP50)
        report.add(
            "added_over_handler_us_p99", percentile(rule.latencies, 99) - percentile(handler.latencies, 99))
        report.add("cpu_us_per_press", rule.cpuPerPress)
        report.add("handler_cpu_us_per_press", handler.cpuPerPress)
        report.add("added_cpu_us_per_press", rule.cpuPerPress - handler.cpuPerPress)
        report.add("writes", rule.writes)
        report.add("handler_writes", handler.writes)
        report.add("press_rate_hz", 1e9 / Double(periodNanoseconds))
        report.add("peak_rss_mib", peakRSSMiB())
        report.print()
    }

    /// N presses through a fresh simulated chip, its gpio module `panel`, and the module that
    /// `automation` makes of them.
    static func measure(n: Int, automation: ModuleSpec) async throws -> Phase {
        let world = SimulatedGPIO()
        guard let chip = world.chip(named: "gpiochip0") else { throw CallError(.invalidArguments, "no simulated chip") }
        let writes = Writes(n: n)
        writes.stamps.withLock { $0.reserveCapacity(n + 1) }
        chip.observeOutputs { writes.record($0) }
        let config = try GPIOModule.schema.validate(yaml: panelConfig, file: "bench.yaml")
        let sent = Locked<[UInt64]>([])
        var cpu = 0.0
        var level = false
        var seen = 0
        try await runManager([
            ModuleSpec(GPIOModule.self, name: "panel", typeName: "gpio", config: config) {
                try GPIOModule(context: $0, simulator: world)
            },
            automation,
        ]) { _ in
            let cpuStart = cpuMicroseconds()
            let injector = try OSThread.spawn(name: "bench-presses") {
                var stamps: [UInt64] = []
                stamps.reserveCapacity(n)
                let t0 = now() + 1_000_000
                for k in 0..<n {
                    let target = t0 + UInt64(k) * periodNanoseconds
                    var deadline = timespec(tv_sec: Int(target / 1_000_000_000), tv_nsec: Int(target % 1_000_000_000))
                    while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
                    let stamp = now()
                    stamps.append(stamp)
                    chip.drive(offset: buttonLine, to: k % 2 == 0, at: stamp)
                }
                sent.withLock { $0 = stamps }
            }
            // A lost press would leave the n-th write waiting forever: give up well after the last.
            let timeout = Task {
                try? await Task.sleep(for: .nanoseconds(Int64(periodNanoseconds) * Int64(n)) + .seconds(10))
                writes.done.fire()
            }
            await writes.done.wait()
            cpu = cpuMicroseconds() - cpuStart
            timeout.cancel()
            injector.join()
            // A doubled press would write once more after the n-th.
            try await Task.sleep(for: .milliseconds(20))
            level = chip.level(offset: lightLine)
            seen = writes.stamps.withLock { $0.count }
        }
        let edges = sent.withLock { $0 }
        let stamps = writes.stamps.withLock { $0 }
        let pairs = min(edges.count, stamps.count, n)
        let orderOK = (0..<pairs).allSatisfy { stamps[$0] >= edges[$0] }
        let latencies = (0..<pairs).map { Double(Int64(bitPattern: stamps[$0] &- edges[$0])) / 1000 }.sorted()
        return Phase(
            latencies: latencies, cpuPerPress: cpu / Double(n), writes: seen, levelOK: level == (n % 2 == 1),
            orderOK: orderOK)
    }

    static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(max(1, values.count))
    }
}
