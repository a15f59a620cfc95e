import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#endif

/// `looselycoupled-bench SCENARIO [--n N]`: one scenario per process, one JSON line on stdout.
let arguments = CommandLine.arguments.dropFirst()
let usage =
    "usage: looselycoupled-bench events|queued_calls|sync_calls|thread_trigger_latency|idle|gpio_edge_latency|blink_jitter|rule_latency|rules_scaling|serial_frames|i2c_poll [--n N]"
guard let scenario = arguments.first else {
    print(usage)
    exit(2)
}
var n: Int?
if let flag = arguments.firstIndex(of: "--n") {
    guard flag + 1 < arguments.endIndex, let value = Int(arguments[flag + 1]), value > 0 else {
        print(usage)
        exit(2)
    }
    n = value
}

// `idle` measures start-up from the moment of spawning: without a launcher's timestamp, act as
// the launcher — note the clock and exec this same binary with it in the environment.
if scenario == "idle", getenv("BENCH_SPAWN_MONO_NS") == nil {
    setenv("BENCH_SPAWN_MONO_NS", String(MonotonicClock.now()), 1)
    let path = "/proc/self/exe"
    var argv: [UnsafeMutablePointer<CChar>?] = CommandLine.arguments.map { strdup($0) } + [nil]
    execv(path, &argv)
    print("{\"scenario\":\"idle\",\"impl\":\"looselycoupled-swift\",\"ok\":false,\"error\":\"exec failed\"}")
    exit(1)
}

do {
    switch scenario {
    case "events": try await EventsBenchmark.run(n: n ?? 200_000)
    case "queued_calls": try await QueuedCallsBenchmark.run(n: n ?? 200_000)
    case "sync_calls": try await SyncCallsBenchmark.run(n: n ?? 200_000)
    case "thread_trigger_latency": try await ThreadTriggerLatencyBenchmark.run(n: n ?? 20_000)
    case "idle": try await IdleBenchmark.run()
    case "gpio_edge_latency": try await GPIOEdgeLatencyBenchmark.run(n: n ?? 2_000)
    case "blink_jitter": try await BlinkJitterBenchmark.run(n: n ?? 1_000)
    case "rule_latency": try await RuleLatencyBenchmark.run(n: n ?? 2_000)
    case "rules_scaling": try await RulesScalingBenchmark.run(n: n ?? 200_000)
    case "serial_frames": try await SerialFramesBenchmark.run(n: n ?? 200_000)
    case "i2c_poll": try await I2CPollBenchmark.run(n: n ?? 200, expanderPolls: 60)
    default:
        print(usage)
        exit(2)
    }
} catch {
    print("{\"scenario\":\"\(scenario)\",\"impl\":\"looselycoupled-swift\",\"ok\":false,\"error\":\"\(error)\"}")
    exit(1)
}
