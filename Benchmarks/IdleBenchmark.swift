import LooselyCoupled
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// BENCHMARKS.md §5: six do-nothing modules; start-up time, RSS and idle CPU.
enum IdleBenchmark {
    /// Set by `idle5` when it becomes active: the moment all six are active.
    static let activeAt = Atomic<UInt64>(0)

    actor Idle: Module {
        let last: Bool
        init(context: ModuleContext) { last = context.name == "idle5" }
        func activate() async {
            if last { IdleBenchmark.activeAt.store(now(), ordering: .releasing) }
        }
    }

    static func run() async throws {
        let launchedAt = Glibc.getenv("BENCH_SPAWN_MONO_NS").flatMap { UInt64(String(cString: $0)) }
        var report = Report(scenario: "idle", n: 6)
        try await runManager((0..<6).map { ModuleSpec(Idle.self, name: "idle\($0)") }) { _ in
            let active = activeAt.load(ordering: .acquiring)
            let rss = currentRSSMiB()
            let cpu0 = cpuMicroseconds()
            try await Task.sleep(for: .seconds(2))
            let idleCPU = (cpuMicroseconds() - cpu0) / 1000
            report.add("ok", launchedAt != nil)
            report.add("startup_ms", launchedAt.map { active > $0 ? Double(active - $0) / 1e6 : 0 } ?? .nan)
            report.add("rss_all_active_mib", rss)
            report.add("idle_cpu_ms", idleCPU)
        }
        report.add("peak_rss_mib", peakRSSMiB())
        report.print()
    }
}
