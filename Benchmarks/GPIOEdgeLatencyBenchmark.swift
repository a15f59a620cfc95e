import LooselyCoupled
import LooselyCoupledGPIO
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `gpio_edge_latency`: an edge of a simulated input, injected from a plain OS thread, until the
/// `gpio_input` handler of another module runs.
///
/// The path is the real one: the simulated chip queues the edge and wakes the gpio module's edge
/// reader thread through a pipe, the reader queues it for the module's actor, debounce (0 here)
/// and click detection run, and `gpio_input` is triggered to the consumer. The edge is stamped
/// when injected, and `gpio_input` carries that stamp as `timestamp_ns`. N edges at 1000/s.
///
/// The floor in the same run (``WakeFloor``): one plain thread waking a parked Swift task
/// (`thread_wake_floor_us_*`), and the whole chain an edge needs at least, the injecting
/// thread's wake-up, the module thread's and the handler's: its latency from the hand-off
/// (`floor_latency_us_*`) and its CPU (`floor_cpu_us_per_edge`).
enum GPIOEdgeLatencyBenchmark {
    static let periodNanoseconds: UInt64 = 1_000_000

    final class Shared: Sendable {
        let n: Int
        let done = Done()
        let latencies = Locked<[UInt64]>([])
        init(n: Int) { self.n = n }
    }

    actor Consumer: Module {
        let shared: Shared
        var count = 0
        init(shared: Shared) { self.shared = shared }
        init(context: ModuleContext) throws { throw CallError(.invalidArguments, "needs shared state") }

        static let interface = ModuleInterface<Consumer> {
            On("gpio_input") { consumer, event in
                let arrived = now()
                let stamped = UInt64(event.payload["timestamp_ns"]?.intValue ?? 0)
                consumer.receive(arrived - stamped)
            }
        }

        private func receive(_ latency: UInt64) {
            shared.latencies.withLock { $0.append(latency) }
            count += 1
            if count == shared.n { shared.done.fire() }
        }
    }

    static func run(n: Int) async throws {
        let shared = Shared(n: n)
        shared.latencies.withLock { $0.reserveCapacity(n) }
        let world = SimulatedGPIO()
        let config = try GPIOModule.schema.validate(
            yaml: "backend: simulated\ninputs:\n  button: {line: 17, bias: pull-down, debounce: 0, glitch_filter: 0}\n",
            file: "bench.yaml")
        guard let chip = world.chip(named: "gpiochip0") else { throw CallError(.invalidArguments, "no simulated chip") }
        let cpuStart = cpuMicroseconds()
        try await runManager([
            ModuleSpec(GPIOModule.self, name: "panel", typeName: "gpio", config: config) {
                try GPIOModule(context: $0, simulator: world)
            },
            ModuleSpec(Consumer.self, name: "consumer") { _ in Consumer(shared: shared) },
        ]) { _ in
            let injector = try OSThread.spawn(name: "bench-edges") {
                let t0 = now() + 1_000_000
                for k in 0..<n {
                    let target = t0 + UInt64(k) * periodNanoseconds
                    var deadline = timespec(tv_sec: Int(target / 1_000_000_000), tv_nsec: Int(target % 1_000_000_000))
                    while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
                    chip.drive(offset: 17, to: k % 2 == 0)
                }
            }
            await shared.done.wait()
            injector.join()
        }
        let cpu = cpuMicroseconds() - cpuStart
        let latencies = shared.latencies.withLock { $0 }.map { Double($0) / 1000 }.sorted()
        // The same wake-up chain with no framework: the injecting thread wakes a polling thread,
        // which wakes a parked task.
        let floor = try await WakeFloor.measureUnlessSkipped(
            cycles: min(n, 2_000), period: periodNanoseconds, relays: 1)
        var report = Report(scenario: "gpio_edge_latency", n: n)
        report.add("ok", latencies.count == n)
        report.add("latency_us_p50", percentile(latencies, 50))
        report.add("latency_us_p90", percentile(latencies, 90))
        report.add("latency_us_p99", percentile(latencies, 99))
        report.add("latency_us_max", latencies.last ?? .nan)
        report.add("latency_us_mean", latencies.reduce(0, +) / Double(max(1, latencies.count)))
        report.add("received", latencies.count)
        report.add("edge_rate_hz", 1e9 / Double(periodNanoseconds))
        report.add("cpu_us_per_edge", cpu / Double(n))
        report.add("thread_wake_floor_us_p50", percentile(floor.taskWake, 50))
        report.add("thread_wake_floor_us_p99", percentile(floor.taskWake, 99))
        report.add("floor_latency_us_p50", percentile(floor.chain, 50))
        report.add("floor_latency_us_p99", percentile(floor.chain, 99))
        report.add("floor_cpu_us_per_edge", floor.cpuPerCycle)
        report.add("peak_rss_mib", peakRSSMiB())
        report.print()
    }
}
