import CPOSIX
import LooselyCoupled
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The floor under the hardware event paths, measured in the same process as the scenario:
/// the same chain of thread wake-ups with no framework at all.
///
/// A plain thread sleeps until each instant of a fixed schedule (as the kernel's timer or an
/// edge would wake a thread), optionally wakes `relays` more plain threads one after the other
/// through pipes they `poll` (as the gpio module's thread waits for an edge descriptor), and the
/// last resumes a parked Swift task (as an event wakes the module that handles it), which
/// records the time. The gpio paths can be no cheaper than their chain: a blink toggle is a
/// timer wake-up then a task wake-up (`relays: 0`), a simulated edge one wake-up more
/// (`relays: 1`, the injecting thread waking the module's thread).
enum WakeFloor {
    struct Result {
        /// How late the first thread woke after its instant, µs, sorted.
        var timerLateness: [Double]
        /// From the last plain thread's resume to the task running, µs, sorted.
        var taskWake: [Double]
        /// From the first thread's hand-off (after its timer woke it) to the task running, µs,
        /// sorted: the whole chain, as a simulated edge's latency counts it.
        var chain: [Double]
        /// Process CPU per cycle, µs: every thread of the chain, as the scenario counts it.
        var cpuPerCycle: Double
    }

    /// A parked task's continuation, handed from the task to the waking thread.
    private final class Parking: Sendable {
        let continuation = Locked<CheckedContinuation<Void, Never>?>(nil)
        let resumedAt = Atomic<UInt64>(0)
        let sentAt = Atomic<UInt64>(0)
        let ready = Atomic<Bool>(false)
    }

    /// ``measure(cycles:period:relays:)``, or empty figures with `LC_BENCH_NO_FLOOR` set: for
    /// counting a scenario's own wake-ups and system calls (`perf stat`, `strace -c`).
    static func measureUnlessSkipped(cycles: Int, period: UInt64, relays: Int) async throws -> Result {
        if getenv("LC_BENCH_NO_FLOOR") != nil {
            return Result(timerLateness: [], taskWake: [], chain: [], cpuPerCycle: .nan)
        }
        return try await measure(cycles: cycles, period: period, relays: relays)
    }

    static func measure(cycles: Int, period: UInt64, relays: Int) async throws -> Result {
        let parking = Parking()
        let lateness = Locked<[Double]>([])
        // Each relay polls the read end of its pipe; the one before it writes.
        var pipes: [(Int32, Int32)] = []
        for _ in 0...relays {
            var descriptors: [Int32] = [-1, -1]
            guard lc_pipe_cloexec_nonblock(&descriptors) == 0 else {
                throw CallError(.invalidArguments, "pipe: errno \(errno)")
            }
            pipes.append((descriptors[0], descriptors[1]))
        }
        defer {
            for (read, write) in pipes {
                close(read)
                close(write)
            }
        }
        let relayPipes = pipes
        var threads: [OSThread] = []
        for relay in 0..<relays {
            threads.append(
                try OSThread.spawn(name: "floor-relay") {
                    _ = lc_set_timer_slack(1)
                    var descriptor = pollfd(fd: relayPipes[relay].0, events: Int16(POLLIN), revents: 0)
                    var byte: UInt8 = 0
                    for _ in 0..<cycles {
                        while true {
                            _ = poll(&descriptor, 1, -1)
                            if read(relayPipes[relay].0, &byte, 1) == 1 { break }
                        }
                        if relay + 1 < relays {
                            _ = write(relayPipes[relay + 1].1, &byte, 1)
                        } else {
                            wakeTask(parking)
                        }
                    }
                })
        }
        let cpuStart = cpuMicroseconds()
        let timer = try OSThread.spawn(name: "floor-timer") {
            _ = lc_set_timer_slack(1)
            var late: [Double] = []
            late.reserveCapacity(cycles)
            let t0 = now() + 1_000_000
            var byte: UInt8 = 1
            for k in 0..<cycles {
                let target = t0 + UInt64(k) * period
                var deadline = timespec(tv_sec: Int(target / 1_000_000_000), tv_nsec: Int(target % 1_000_000_000))
                while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
                let woke = now()
                late.append(Double(woke - target) / 1000)
                parking.sentAt.store(woke, ordering: .releasing)
                if relays > 0 {
                    _ = write(relayPipes[0].1, &byte, 1)
                } else {
                    wakeTask(parking)
                }
            }
            lateness.withLock { $0 = late }
        }
        // Parked on the shared pool, as a module's drain loop is (not on the main thread, where
        // the benchmark's own task runs).
        let (wakes, chain) = await Task.detached {
            var wakes: [Double] = []
            var chain: [Double] = []
            wakes.reserveCapacity(cycles)
            chain.reserveCapacity(cycles)
            for _ in 0..<cycles {
                await withCheckedContinuation { continuation in
                    parking.continuation.withLock { $0 = continuation }
                    parking.ready.store(true, ordering: .releasing)
                }
                let running = now()
                wakes.append(Double(running - parking.resumedAt.load(ordering: .acquiring)) / 1000)
                chain.append(Double(running - parking.sentAt.load(ordering: .acquiring)) / 1000)
            }
            return (wakes, chain)
        }.value
        let cpu = cpuMicroseconds() - cpuStart
        timer.join()
        for thread in threads { thread.join() }
        return Result(
            timerLateness: lateness.withLock { $0 }.sorted(), taskWake: wakes.sorted(), chain: chain.sorted(),
            cpuPerCycle: cpu / Double(cycles))
    }

    /// Resumes the parked task, waiting (spinning briefly) until it has parked again, as an
    /// event's receiver is parked again long before the next event at these rates.
    private static func wakeTask(_ parking: Parking) {
        while !parking.ready.load(ordering: .acquiring) { sched_yield() }
        parking.ready.store(false, ordering: .relaxed)
        let continuation = parking.continuation.withLock { $0.take() }
        parking.resumedAt.store(now(), ordering: .releasing)
        continuation?.resume()
    }

    /// Process CPU per wake-up, µs, of a plain thread woken by its own timer every `period`
    /// nanoseconds with nothing else to do: the least a module's poll at that interval costs
    /// (its thread wakes for the timer, then works). NaN with `LC_BENCH_NO_FLOOR` set.
    static func timerCPUUnlessSkipped(wakes: Int, period: UInt64) throws -> Double {
        if getenv("LC_BENCH_NO_FLOOR") != nil { return .nan }
        let cpuStart = cpuMicroseconds()
        let timer = try OSThread.spawn(name: "floor-timer") {
            _ = lc_set_timer_slack(1)
            let t0 = now() + period
            for k in 0..<wakes {
                let target = t0 + UInt64(k) * period
                var deadline = timespec(tv_sec: Int(target / 1_000_000_000), tv_nsec: Int(target % 1_000_000_000))
                while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nil) == EINTR {}
            }
        }
        timer.join()
        return (cpuMicroseconds() - cpuStart) / Double(wakes)
    }
}
