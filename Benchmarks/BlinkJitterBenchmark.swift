import LooselyCoupled
import LooselyCoupledGPIO
import Synchronization

/// `blink_jitter`: how evenly an output in a rhythm toggles. One output of a simulated gpio
/// module follows a 5 ms/5 ms rhythm (a fast user rhythm, so 1000 toggles take 5 s); the
/// simulated chip stamps each level change as the module writes it.
///
/// Period error: |interval between consecutive toggles − 5 ms|. Lateness: how far each toggle is
/// from its rhythm boundary (first toggle + j × 5 ms, the nearest j); the scheduler computes
/// levels from the rhythm's start, so lateness does not accumulate. `skipped_boundaries` counts
/// boundaries passed without a toggle, by a timer woken more than a whole part late. Also checks that every toggle produced a
/// `gpio_output` event.
enum BlinkJitterBenchmark {
    static let halfPeriodNanoseconds: UInt64 = 5_000_000

    final class Shared: Sendable {
        let n: Int
        let done = Done()
        let toggles = Locked<[UInt64]>([])
        let events = Atomic<Int>(0)
        init(n: Int) { self.n = n }
    }

    actor Consumer: Module {
        let shared: Shared
        init(shared: Shared) { self.shared = shared }
        init(context: ModuleContext) throws { throw CallError(.invalidArguments, "needs shared state") }

        static let interface = ModuleInterface<Consumer> {
            On("gpio_output") { consumer, _ in consumer.shared.events.add(1, ordering: .relaxed) }
        }
    }

    static func run(n: Int) async throws {
        let shared = Shared(n: n)
        shared.toggles.withLock { $0.reserveCapacity(n + 1) }
        let world = SimulatedGPIO()
        guard let chip = world.chip(named: "gpiochip0") else { throw CallError(.invalidArguments, "no simulated chip") }
        chip.observeOutputs { change in
            let count = shared.toggles.withLock { toggles -> Int in
                if toggles.count <= shared.n { toggles.append(change.timestampNanoseconds) }
                return toggles.count
            }
            if count == shared.n + 1 { shared.done.fire() }
        }
        let config = try GPIOModule.schema.validate(
            yaml: "backend: simulated\noutputs:\n  led: {line: 27}\nrhythms:\n  bench: {on: 5ms, off: 5ms}\n", file: "bench.yaml")
        var cpu = 0.0
        try await runManager([
            ModuleSpec(GPIOModule.self, name: "panel", typeName: "gpio", config: config) { try GPIOModule(context: $0, simulator: world) },
            ModuleSpec(Consumer.self, name: "consumer") { _ in Consumer(shared: shared) },
        ]) { manager in
            let cpuStart = cpuMicroseconds()
            _ = try await manager.call("panel.set", ["output": "led", "state": "bench"])
            await shared.done.wait()
            cpu = cpuMicroseconds() - cpuStart
            _ = try await manager.call("panel.set", ["output": "led", "state": "off"])
        }
        let toggles = shared.toggles.withLock { $0 }
        guard toggles.count == n + 1 else { throw CallError(.timeout, "saw \(toggles.count - 1) toggles of \(n)") }
        let start = toggles[0]
        let half = Double(halfPeriodNanoseconds)
        var periodErrors: [Double] = []
        var lateness: [Double] = []
        var boundary = 0
        for k in 1...n {
            let interval = Double(toggles[k] - toggles[k - 1])
            periodErrors.append(abs(interval - half) / 1000)
            // Measured against the nearest rhythm boundary, not the k-th: a timer woken more
            // than a whole part late skips the toggles it missed (the net level is kept), and
            // counting toggles would then call every later one late.
            let sinceStart = Double(toggles[k] - start)
            boundary = Int((sinceStart / half).rounded())
            lateness.append((sinceStart - Double(boundary) * half) / 1000)
        }
        periodErrors.sort()
        lateness.sort()
        // The set to off at the end adds one more event when the rhythm was on.
        let events = shared.events.load(ordering: .relaxed)
        var report = Report(scenario: "blink_jitter", n: n)
        report.add("ok", events >= n + 1)
        report.add("rhythm_ms", "5/5")
        report.add("period_error_us_mean", periodErrors.reduce(0, +) / Double(n))
        report.add("period_error_us_p50", percentile(periodErrors, 50))
        report.add("period_error_us_p99", percentile(periodErrors, 99))
        report.add("period_error_us_max", periodErrors.last ?? .nan)
        report.add("lateness_us_p50", percentile(lateness, 50))
        report.add("lateness_us_p99", percentile(lateness, 99))
        report.add("lateness_us_max", lateness.last ?? .nan)
        report.add("skipped_boundaries", boundary - n)
        report.add("gpio_output_events", events)
        report.add("cpu_us_per_toggle", cpu / Double(n))
        report.add("peak_rss_mib", peakRSSMiB())
        report.print()
    }
}
