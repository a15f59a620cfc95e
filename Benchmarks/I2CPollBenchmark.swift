import LooselyCoupled
import LooselyCoupledI2C

/// `i2c_poll`: the CPU the i2c module costs per BME280 reading and per expander poll, on the
/// simulated bus, so the figure is the module's own: the transfers on the module's thread, compensation,
/// the hand-off to the actor and (for readings) the `i2c_reading` event to another module.
///
/// Two phases in one process, each with its own manager and CPU window (from when the modules
/// run, so the daemon's start-up is not spread over the operations): N BME280 readings as fast
/// as forced mode allows (each waits its ~9.3 ms conversion), then M polls of a PCF8574's inputs
/// at 50 ms with the inputs unchanged, the steady state of a panel of buttons. The floor under
/// a poll, in the same run: the CPU of a plain thread woken by its own timer at that interval
/// (`floor_cpu_us_per_timer_wake`, ``WakeFloor/timerCPUUnlessSkipped(wakes:period:)``).
enum I2CPollBenchmark {
    static let expanderInterval: Duration = .milliseconds(50)

    final class Shared: Sendable {
        let n: Int
        let done = Done()
        let count = Locked(0)
        init(n: Int) { self.n = n }
    }

    actor Consumer: Module {
        let shared: Shared
        init(shared: Shared) { self.shared = shared }
        init(context: ModuleContext) throws { throw CallError(.invalidArguments, "needs shared state") }

        static let interface = ModuleInterface<Consumer> {
            On("i2c_reading") { consumer, _ in consumer.receive() }
        }

        private func receive() {
            let count = shared.count.withLock { count in
                count += 1
                return count
            }
            if count == shared.n { shared.done.fire() }
        }
    }

    static func run(n: Int, expanderPolls: Int) async throws {
        // Phase 1: readings.
        let shared = Shared(n: n)
        let world = SimulatedI2C()
        let climate = try I2CModule.schema.validate(
            yaml: "backend: simulated\ndevices:\n  climate: {driver: bme280, address: 0x76, poll: 1ms}\n",
            file: "bench.yaml")
        var readingWall = 0.0
        var cpuPerReading = 0.0
        try await runManager([
            ModuleSpec(I2CModule.self, name: "sensors", typeName: "i2c", config: climate) {
                try I2CModule(context: $0, simulator: world)
            },
            ModuleSpec(Consumer.self, name: "consumer") { _ in Consumer(shared: shared) },
        ]) { _ in
            let start = now(), cpu = cpuMicroseconds(), first = shared.count.withLock { $0 }
            await shared.done.wait()
            cpuPerReading = (cpuMicroseconds() - cpu) / Double(max(1, n - first))
            readingWall = seconds(now() - start)
        }
        let readings = shared.count.withLock { $0 }

        // Phase 2: expander polls with nothing changing.
        let panel = try I2CModule.schema.validate(
            yaml:
                "backend: simulated\ndevices:\n  buttons: {driver: pcf8574, address: 0x20, inputs: [0, 1, 2, 3], poll: 50ms}\n",
            file: "bench.yaml")
        let expanderWorld = SimulatedI2C()
        var polls = 0
        var cpuPerPoll = 0.0
        var pollWall = 0.0
        try await runManager([
            ModuleSpec(I2CModule.self, name: "panel", typeName: "i2c", config: panel) {
                try I2CModule(context: $0, simulator: expanderWorld)
            }
        ]) { _ in
            // The set-up write is one transaction; every poll after it one receive byte.
            func count() -> Int { (expanderWorld.update(bus: 1, address: 0x20) { $0.transactions } ?? 1) - 1 }
            let start = now(), cpu = cpuMicroseconds(), first = count()
            // One long sleep rather than a loop of short ones: this task's wake-ups are not the module's.
            try await Task.sleep(for: expanderInterval * expanderPolls)
            while count() - first < expanderPolls { try await Task.sleep(for: expanderInterval) }
            polls = count() - first
            cpuPerPoll = (cpuMicroseconds() - cpu) / Double(max(polls, 1))
            pollWall = seconds(now() - start)
        }

        // The floor under an expander poll: a plain thread's timer at the same interval.
        let floor = try WakeFloor.timerCPUUnlessSkipped(
            wakes: max(20, expanderPolls / 2), period: UInt64(expanderInterval.nanoseconds))

        var report = Report(scenario: "i2c_poll", n: n)
        report.add("ok", readings == n && polls >= expanderPolls)
        report.add("cpu_us_per_reading", cpuPerReading)
        report.add("cpu_us_per_expander_poll", cpuPerPoll)
        report.add("readings", readings)
        report.add("readings_wall_s", readingWall)
        report.add("expander_polls", polls)
        report.add("expander_poll_interval_ms", 50)
        report.add("expander_wall_s", pollWall)
        report.add("floor_cpu_us_per_timer_wake", floor)
        report.add("peak_rss_mib", peakRSSMiB())
        report.print()
    }
}
