import LooselyCoupled
import LooselyCoupledGPIO
import Synchronization

/// `blink_jitter`: how evenly an output in a rhythm toggles. One output of a simulated gpio
/// module follows a 5 ms/5 ms rhythm (a fast user rhythm, so 1000 toggles take 5 s); the
/// simulated chip stamps each level change as the module writes it.
///
/// Period error: |interval between consecutive toggles − 5 ms|. Lateness: how far each toggle is
/// behind its rhythm boundary (the nearest on the rhythm's grid; see below); the scheduler computes
/// levels from the rhythm's start, so lateness does not accumulate. `skipped_boundaries` counts
/// boundaries passed without a toggle, by a timer woken more than a whole part late. Also checks that every toggle produced a
/// `gpio_output` event.
///
/// The floor in the same run (``WakeFloor``): how late a plain thread's timer fires
/// (`timer_wake_floor_lateness_us_*`), how long that thread takes to wake a parked Swift task
/// (`thread_wake_floor_us_*`), and the CPU of that chain, the least a toggle delivered to a
/// handler costs (`floor_cpu_us_per_toggle`).
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

    static func run(n requested: Int) async throws {
        // The statistics skip the first toggle (the `set` itself) and need two intervals.
        let n = max(requested, 3)
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
            yaml: "backend: simulated\noutputs:\n  led: {line: 27}\nrhythms:\n  bench: {on: 5ms, off: 5ms}\n",
            file: "bench.yaml")
        var cpu = 0.0
        try await runManager([
            ModuleSpec(GPIOModule.self, name: "panel", typeName: "gpio", config: config) {
                try GPIOModule(context: $0, simulator: world)
            },
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
        let half = Double(halfPeriodNanoseconds)
        // The first toggle is the `set` itself, at whatever instant the call came (the output
        // joins the rhythm in its current part); the rhythm's own toggles follow on its grid,
        // boundaries j × 5 ms from an origin the scheduler chose, which the benchmark does not
        // see. The grid is placed at the least-late of the typical toggles (within 0.5 ms of the
        // median offset: a toggle stalled for most of a part would otherwise pass for an early one
        // of the next boundary); each toggle's lateness is then its distance past the last
        // boundary at or before it. So no toggle reads early, and the figures are, if anything,
        // the lateness beyond the best toggle's.
        var periodErrors: [Double] = []
        var sinceStart: [Double] = []
        let start = toggles[1]
        for k in 2...n {
            periodErrors.append(abs(Double(toggles[k] - toggles[k - 1]) - half) / 1000)
            sinceStart.append(Double(toggles[k] - start))
        }
        let offsets = sinceStart.map { $0 - ($0 / half).rounded() * half }
        let typical = offsets.sorted()[offsets.count / 2]
        let origin = offsets.filter { abs($0 - typical) < 500_000 }.min() ?? typical
        var boundary = 0
        var lateness: [Double] = []
        for offset in sinceStart {
            // Measured against the last boundary, not the k-th: a timer woken more than a whole
            // part late skips the toggles it missed (the net level is kept), and counting toggles
            // would then call every later one late.
            boundary = Int(((offset - origin) / half).rounded(.down))
            lateness.append((offset - origin - Double(boundary) * half) / 1000)
        }
        periodErrors.sort()
        lateness.sort()
        // The same wake-up chain with no framework: a timer wakes a thread, which wakes a task.
        let floor = try await WakeFloor.measureUnlessSkipped(cycles: n, period: 1_000_000, relays: 0)
        // The set to off at the end adds one more event when the rhythm was on.
        let events = shared.events.load(ordering: .relaxed)
        var report = Report(scenario: "blink_jitter", n: n)
        report.add("ok", events >= n + 1)
        report.add("rhythm_ms", "5/5")
        report.add("period_error_us_mean", periodErrors.reduce(0, +) / Double(max(1, periodErrors.count)))
        report.add("period_error_us_p50", percentile(periodErrors, 50))
        report.add("period_error_us_p99", percentile(periodErrors, 99))
        report.add("period_error_us_max", periodErrors.last ?? .nan)
        report.add("lateness_us_p50", percentile(lateness, 50))
        report.add("lateness_us_p99", percentile(lateness, 99))
        report.add("lateness_us_max", lateness.last ?? .nan)
        report.add("skipped_boundaries", boundary - (n - 1))
        report.add("gpio_output_events", events)
        report.add("cpu_us_per_toggle", cpu / Double(n))
        report.add("timer_wake_floor_lateness_us_p50", percentile(floor.timerLateness, 50))
        report.add("timer_wake_floor_lateness_us_p99", percentile(floor.timerLateness, 99))
        report.add("thread_wake_floor_us_p50", percentile(floor.taskWake, 50))
        report.add("thread_wake_floor_us_p99", percentile(floor.taskWake, 99))
        report.add("floor_cpu_us_per_toggle", floor.cpuPerCycle)
        report.add("peak_rss_mib", peakRSSMiB())
        report.print()
    }
}
