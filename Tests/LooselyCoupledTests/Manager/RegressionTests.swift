import LooselyCoupled
import LooselyCoupledTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Failure modes found in the Python looselycoupled 0.6.1, each pinned here.
@Suite struct RegressionTests {
    /// 0.6.1: queueing two items of different priority together raised, because its priority type
    /// did not compare inside the queue's tuples.
    @Test func itemsOfDifferentPriorityQueuedTogether() async throws {
        let gate = Latch()
        let parked = Latch()
        let served = Recorder<String>()
        let hooks = parkingOnRequest(gate: gate, parked: parked) { served.append($0["name"]?.stringValue ?? "?") }
        try await withManager([probe("a", hooks)], configuration: fastConfiguration()) { manager async throws in
            try await manager.enqueue("a.work", ["park": true])
            await parked.wait()
            try await manager.enqueue("a.work", ["name": "low"], priority: Priority.low)
            try await manager.enqueue("a.work", ["name": "high"], priority: Priority.high)
            gate.open()
            #expect(try await served.waitFor(count: 2) == ["high", "low"])
        }
    }

    /// 0.6.1: two queued calls made in one transaction shared one mutable metadata object, so the
    /// second call's priority and target overwrote the first's.
    @Test func twoQueuedCallsInOneTransactionKeepTheirOwnMetadata() async throws {
        let seen = Recorder<ItemMetadata>()
        var origin = ProbeHooks()
        origin.work = { context, _ in
            let first = try await context.enqueue("sink.work", ["n": 1], priority: .low)
            let second = try await context.enqueue("sink.work", ["n": 2], priority: .highest)
            return [.int(first.metadata.priority.rawValue), .int(second.metadata.priority.rawValue)]
        }
        var sink = ProbeHooks()
        sink.work = { context, _ in
            if let item = context.currentItem { seen.append(item.metadata) }
            return .null
        }
        try await withManager([probe("origin", origin), probe("sink", sink)], configuration: fastConfiguration()) {
            manager async throws in
            let handle = try await manager.enqueue("origin.work")
            #expect(try await handle.value == [4, 1])
            let metadata = try await seen.waitFor(count: 2)
            #expect(Set(metadata.map(\.priority)) == [.low, .highest])
            #expect(metadata.allSatisfy { $0.source == "origin" })
            #expect(metadata[0].transaction == metadata[1].transaction)
            #expect(metadata[0].transaction == handle.metadata.transaction)
            #expect(metadata[0].sequence != metadata[1].sequence)
        }
    }

    /// 0.6.1: an `exit` at high priority overtook, and silently dropped, calls queued before it.
    /// (See also ShutdownTests.itemsQueuedBeforeExitAreStillDelivered.)
    @Test func exitDoesNotOvertakeOrDropCallsQueuedBeforeIt() async throws {
        let served = Recorder<Int>()
        var hooks = ProbeHooks()
        hooks.work = { _, arguments in
            served.append(arguments["i"]?.intValue ?? -1)
            return .null
        }
        let manager = try ModuleManager([probe("a", hooks)], configuration: fastConfiguration(), logger: testLogger)
        let run = Task { try await manager.run() }
        await manager.waitUntilRunning()
        for i in 0..<1_000 { try await manager.enqueue("a.work", ["i": .int(i)], priority: .low) }
        try await manager.trigger("exit", priority: .highest)
        try await withTimeout(.seconds(20), "for run() to end") { try await run.value }
        #expect(served.items == Array(0..<1_000))
    }

    /// 0.6.1: events triggered during shutdown reached modules that had already stopped.
    @Test func noEventsReachModulesThatAlreadyShutDown() async throws {
        let late = Recorder<String>()
        var lateHooks = ProbeHooks()
        lateHooks.event = { _, event in late.append(event.name) }
        var earlyHooks = ProbeHooks()
        let manager = Box<ModuleManager>()
        earlyHooks.stop = { _ in
            // "late" stopped before "early" (reverse order); send to everyone from a plain thread.
            guard let manager = manager.value else { return }
            _ = try? await onPlainThread { try manager.trigger("after_stop") }
        }
        let running = try ModuleManager(
            [probe("early", earlyHooks), probe("late", lateHooks)], configuration: fastConfiguration(),
            logger: testLogger)
        manager.value = running
        let run = Task { try await running.run() }
        await running.waitUntilRunning()
        running.requestExit()
        try await withTimeout(.seconds(10), "for run() to end") { try await run.value }
        #expect(!late.items.contains("after_stop"))
    }

    /// 0.6.1: memory grew with every finished item (its result bookkeeping was never released).
    @Test func memoryStaysBoundedOverTwoMillionEvents() async throws {
        let counted = Recorder<Int>()
        var hooks = ProbeHooks()
        let total = 2_000_000
        let tally = Tally()
        hooks.event = { _, event in
            if event.name == "tick", tally.increment() == total { counted.append(total) }
        }
        try await withManager([probe("counter", hooks)], configuration: fastConfiguration()) { manager async throws in
            for i in 0..<100_000 { try await manager.trigger("warmup", ["i": .int(i)]) }
            _ = try await manager.call("counter.echo")
            let before = residentMiB()
            for i in 0..<total { try await manager.trigger("tick", ["i": .int(i)]) }
            _ = try await counted.waitFor(count: 1, timeout: .seconds(120))
            let growth = residentMiB() - before
            // A leak of even 16 bytes per item would be 30 MiB here.
            #expect(growth < 16, "resident memory grew \(growth) MiB over \(total) events")
        }
    }

    /// A client triggering ever new event names grew the name cache by an entry each, forever.
    /// (Runs alone with the test above: it measures resident memory.)
    @Test func memoryStaysFlatOverAMillionEventNames() async throws {
        try await withManager([probe("counter", ProbeHooks())], configuration: fastConfiguration()) {
            manager async throws in
            // Fill the cache to its bound first, and let the allocator settle.
            for i in 0..<(4 * 1024) { try await manager.trigger("warmup_\(i)") }
            let before = residentMiB()
            let total = 1_000_000
            for i in 0..<total { try await manager.trigger("name_\(i)") }
            let growth = residentMiB() - before
            // Kept, a million names would hold some 80 MiB.
            #expect(growth < 16, "resident memory grew \(growth) MiB over \(total) distinct event names")
        }
    }

    /// 0.6.1: nothing pushed back on a fast sender; the queue grew without bound.
    /// (See also QueueTests.asyncSendersSuspendWhileTheQueueIsFull.)
    @Test func aFastSenderIsHeldBackByTheBoundedQueue() async throws {
        let gate = Latch()
        let parked = Latch()
        let hooks = parkingHooks(gate: gate, parked: parked)
        try await withManager([probe("slow", hooks)], configuration: fastConfiguration(capacity: 100)) {
            manager async throws in
            try await manager.enqueue("slow.work")
            await parked.wait()
            let sender = Task {
                for i in 0..<1_000 { try await manager.trigger("flood", ["i": .int(i)]) }
            }
            try await withTimeout(.seconds(10), "for the queue to fill") {
                while manager.statistics.queueDepth < 100 { await Task.yield() }
            }
            #expect(manager.statistics.queueDepth == 100)
            gate.open()
            try await sender.value
        }
    }
}

/// A reference a test can fill in after creating what needs it.
final class Box<T: Sendable>: @unchecked Sendable {
    // Written once before the manager runs, read only afterwards.
    var value: T?
}

/// A counter handlers bump from the module's actor.
final class Tally: @unchecked Sendable {
    // Only ever touched from one module's handlers, which never run in parallel.
    private var count = 0
    func increment() -> Int {
        count += 1
        return count
    }
}

/// This process's resident set size in MiB, from /proc/self/statm.
func residentMiB() -> Double {
    guard let file = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(file) }
    var size = 0
    var resident = 0
    guard
        withUnsafeMutablePointer(
            to: &size,
            { s in
                withUnsafeMutablePointer(to: &resident) { r in
                    withVaList([s, r]) { vfscanf(file, "%ld %ld", $0) }
                }
            }) == 2
    else { return 0 }
    return Double(resident * Int(sysconf(Int32(_SC_PAGESIZE)))) / 1_048_576
}
