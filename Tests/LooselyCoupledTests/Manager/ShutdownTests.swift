import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@Suite struct ShutdownTests {
    @Test func becomingIdleIsBroadcastOnceEachTimeTheQueueDrains() async throws {
        let idle = Recorder<Int>()
        let handled = Recorder<Int>()
        var watcher = ProbeHooks()
        watcher.event = { _, event in
            if event.name == "becoming_idle" { idle.append(handled.items.count) }
        }
        var worker = ProbeHooks()
        worker.work = { _, _ in
            handled.append(1)
            return .null
        }
        try await withManager([probe("watcher", watcher), probe("worker", worker)], configuration: fastConfiguration())
        {
            manager async throws in
            for _ in 0..<3 { try await manager.enqueue("worker.work") }
            _ = try await idle.waitFor(count: 1)
            try await manager.enqueue("worker.work")
            let announcements = try await idle.waitFor(count: 2)
            #expect(announcements.last == 4)
            // Nothing more is queued, so there is no third announcement: enqueue a marker
            // behind which a third one would have had to come.
            _ = try await manager.call("worker.echo")
            #expect(idle.items.count == 2)
        }
    }

    @Test func anExitEventFromAModuleStartsTheOrderedShutdown() async throws {
        let journal = Recorder<String>()
        var quitter = ProbeHooks()
        quitter.work = { context, _ in
            try await context.trigger("exit")
            return .null
        }
        quitter.stop = { _ in journal.append("stop quitter") }
        var other = ProbeHooks()
        other.event = { _, event in if event.name == "exit" { journal.append("other saw exit") } }
        other.stop = { _ in journal.append("stop other") }
        let manager = try ModuleManager(
            [probe("quitter", quitter), probe("other", other)], configuration: fastConfiguration(), logger: testLogger)
        let run = Task { try await manager.run() }
        await manager.waitUntilRunning()
        _ = try await manager.call("quitter.work")
        try await withTimeout(.seconds(10), "for run() to end after exit") { try await run.value }
        #expect(journal.items == ["other saw exit", "stop other", "stop quitter"])
    }

    @Test func itemsQueuedBeforeExitAreStillDelivered() async throws {
        let gate = Latch()
        let parked = Latch()
        let served = Recorder<Int>()
        let hooks = parkingOnRequest(gate: gate, parked: parked) { arguments in
            if let i = arguments["i"]?.intValue { served.append(i) }
        }
        let manager = try ModuleManager(
            [probe("worker", hooks)], configuration: fastConfiguration(), logger: testLogger)
        let run = Task { try await manager.run() }
        await manager.waitUntilRunning()
        try await manager.enqueue("worker.work", ["park": true])
        await parked.wait()
        for i in 0..<100 { try await manager.enqueue("worker.work", ["i": .int(i)], priority: .lowest) }
        try await manager.trigger("exit", priority: .highest)
        gate.open()
        try await withTimeout(.seconds(10), "for run() to end") { try await run.value }
        #expect(served.items == Array(0..<100))
        #expect(manager.statistics.discarded == 0)
    }

    @Test func itemsStillQueuedAtTheShutdownDeadlineAreDiscardedCountedAndLogged() async throws {
        let parked = Latch()
        // The gate never opens: the parked item never returns.
        let hooks = parkingOnRequest(gate: Latch(), parked: parked) { _ in }
        var configuration = fastConfiguration()
        configuration.shutdownTimeout = .milliseconds(100)
        configuration.stopTimeout = .milliseconds(100)
        let logs = LogCapture()
        let manager = try ModuleManager([probe("stuck", hooks)], configuration: configuration, logger: logs.logger)
        let run = Task { try await manager.run() }
        await manager.waitUntilRunning()
        try await manager.enqueue("stuck.work", ["park": true])
        await parked.wait()
        var waiting: [QueuedCall] = []
        for i in 0..<3 { waiting.append(try await manager.enqueue("stuck.echo", ["i": .int(i)])) }
        manager.requestExit()
        try await withTimeout(.seconds(10), "for run() to end") { try await run.value }
        // The three calls, and the `exit` event queued behind them for the probe's `*` handler.
        #expect(manager.statistics.discarded == 4)
        #expect(logs.messages.filter { $0 == "item discarded" }.count == 4)
        for call in waiting {
            let error = await #expect(throws: CallError.self) { try await call.value }
            #expect(error?.code == .discarded)
        }
    }
}
