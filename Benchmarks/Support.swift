import Logging
import LooselyCoupled
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Monotonic nanoseconds (CLOCK_MONOTONIC), the same clock in every thread.
func now() -> UInt64 { MonotonicClock.now() }

func seconds(_ nanoseconds: UInt64) -> Double { Double(nanoseconds) / 1e9 }

/// Process user + system CPU time in microseconds.
func cpuMicroseconds() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    let user = Double(usage.ru_utime.tv_sec) * 1e6 + Double(usage.ru_utime.tv_usec)
    let system = Double(usage.ru_stime.tv_sec) * 1e6 + Double(usage.ru_stime.tv_usec)
    return user + system
}

/// Peak resident set size in MiB (`ru_maxrss` is KiB on Linux).
func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Current resident set size in MiB, from /proc/self/statm.
func currentRSSMiB() -> Double {
    let fd = open("/proc/self/statm", O_RDONLY)
    guard fd >= 0 else { return -1 }
    defer { close(fd) }
    var buffer = [UInt8](repeating: 0, count: 128)
    let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    guard count > 0 else { return -1 }
    let fields = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: " ")
    guard fields.count > 1, let pages = Double(fields[1]) else { return -1 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

/// One JSON object on one line, keys in the order they were added.
struct Report {
    private var fields: [(String, String)] = []

    init(scenario: String, n: Int) {
        add("scenario", scenario)
        add("impl", "looselycoupled-swift")
        add("n", n)
    }

    mutating func add(_ key: String, _ value: String) { fields.append((key, "\"\(value)\"")) }
    mutating func add(_ key: String, _ value: Int) { fields.append((key, String(value))) }
    mutating func add(_ key: String, _ value: Bool) { fields.append((key, value ? "true" : "false")) }
    mutating func add(_ key: String, _ value: Double) {
        let rounded = (value * 1000).rounded() / 1000
        fields.append((key, rounded.isFinite ? String(rounded) : "null"))
    }

    func print() {
        Swift.print("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
    }
}

/// Nearest-rank percentile of sorted samples.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
}

/// A one-time signal a benchmark's main task awaits.
final class Done: Sendable {
    private let state = Locked<(fired: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    func fire() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.fired = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    func wait() async {
        await withCheckedContinuation { continuation in
            let fired = state.withLock { state -> Bool in
                if state.fired { return true }
                state.waiter = continuation
                return false
            }
            if fired { continuation.resume() }
        }
    }
}

/// Runs `modules` until `body` returns, then shuts the manager down.
func runManager(
    _ modules: [ModuleSpec], configuration: ModuleManager.Configuration = .init(),
    _ body: (ModuleManager) async throws -> Void
) async throws {
    var logger = Logger(label: "looselycoupled-bench")
    logger.logLevel = .warning
    let manager = try ModuleManager(modules, configuration: configuration, logger: logger)
    async let run: Void = manager.run()
    await manager.waitUntilRunning()
    try await body(manager)
    manager.requestExit()
    try await run
}
