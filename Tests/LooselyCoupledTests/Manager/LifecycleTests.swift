import InMemoryLogging
import Logging
import LooselyCoupledTestKit
import Synchronization
import Testing

@testable import LooselyCoupled

@Suite struct LifecycleTests {
    /// Records `hook name` for each lifecycle hook, and the state the manager reports meanwhile.
    func journaling(_ name: String, into journal: Recorder<String>) -> ProbeHooks {
        var hooks = ProbeHooks()
        hooks.start = { _ in journal.append("start \(name)") }
        hooks.activate = { _ in journal.append("activate \(name)") }
        hooks.deactivate = { _ in journal.append("deactivate \(name)") }
        hooks.stop = { _ in journal.append("stop \(name)") }
        return hooks
    }

    @Test func lifecycleGoesInactivePassiveActivePassiveInactive() async throws {
        let states = Recorder<ModuleState>()
        let manager = try ModuleManager([probe("a")], configuration: fastConfiguration(), logger: testLogger)
        states.append(manager.state(of: "a") ?? .failed)
        var hooks = ProbeHooks()
        hooks.event = { _, _ in }
        let run = Task { try await manager.run() }
        await manager.waitUntilRunning()
        states.append(manager.state(of: "a") ?? .failed)
        manager.requestExit()
        try await run.value
        states.append(manager.state(of: "a") ?? .failed)
        #expect(states.items == [.inactive, .active, .inactive])
    }

    @Test func passiveModulesReceiveButDoNotSend() async throws {
        let outcome = Recorder<String>()
        var hooks = ProbeHooks()
        hooks.start = { context in
            // Started (passive): sending is refused with a typed error.
            do {
                try await context.trigger("too_early")
                outcome.append("sent")
            } catch let error as CallError {
                outcome.append(error.code.name)
            } catch {
                outcome.append("\(error)")
            }
        }
        hooks.deactivate = { context in
            do {
                _ = try await context.call("other.echo")
                outcome.append("called")
            } catch let error as CallError {
                outcome.append(error.code.name)
            } catch {
                outcome.append("\(error)")
            }
        }
        try await withManager([probe("a", hooks), probe("other")], configuration: fastConfiguration()) {
            manager async throws in
            #expect(try await manager.call("a.echo", ["x": 1]) == ["x": 1])
        }
        #expect(outcome.items == ["sender_not_active", "sender_not_active"])
    }

    @Test func allModulesStartBeforeAnyBecomesActive() async throws {
        let journal = Recorder<String>()
        try await withManager(
            ["a", "b", "c"].map { probe($0, journaling($0, into: journal)) }, configuration: fastConfiguration()
        ) { _ in }
        #expect(
            journal.items == [
                "start a", "start b", "start c", "activate a", "activate b", "activate c",
                "deactivate a", "deactivate b", "deactivate c", "stop c", "stop b", "stop a",
            ])
    }

    @Test func shutdownDeactivatesAllThenStopsInReverseOrderEachWithinDeadline() async throws {
        let journal = Recorder<String>()
        var hanging = journaling("b", into: journal)
        hanging.stop = { _ in
            journal.append("stop b")
            await Latch().wait()  // never opens: b's stop() hangs
        }
        var configuration = fastConfiguration()
        configuration.stopTimeout = .milliseconds(100)
        try await withManager(
            [
                probe("a", journaling("a", into: journal)), probe("b", hanging),
                probe("c", journaling("c", into: journal)),
            ],
            configuration: configuration
        ) { _ in }
        // b hung in stop(): the deadline passed and a was still stopped.
        #expect(
            Array(journal.items.suffix(6)) == [
                "deactivate a", "deactivate b", "deactivate c", "stop c", "stop b", "stop a",
            ])
    }

    @Test func failedStartIsRetriedWithBackoffWhileOthersRun() async throws {
        let attempts = Recorder<UInt64>()
        var flaky = ProbeHooks()
        flaky.start = { _ in
            attempts.append(MonotonicClock.now())
            if attempts.items.count < 3 { throw Probe.Failure() }
        }
        let becameActive = Recorder<String>()
        flaky.activate = { context in becameActive.append(context.name) }
        try await withManager([probe("flaky", flaky), probe("steady")], configuration: fastConfiguration()) {
            manager async throws in
            // The others run while flaky is failed.
            #expect(try await manager.call("steady.echo", ["ok": true]) == ["ok": true])
            _ = try await becameActive.waitFor(count: 1)
            #expect(manager.state(of: "flaky") == .active)
            #expect(manager.statistics.modules.first { $0.name == "flaky" }?.startFailures == 2)
        }
        let times = attempts.items
        #expect(times.count == 3)
        // Exponential backoff: 20 ms, then at least 40 ms.
        #expect(times[1] - times[0] >= 20_000_000)
        #expect(times[2] - times[1] >= 40_000_000)
    }

    @Test func callsToAFailedModuleAreRefusedWithModuleNotReady() async throws {
        var broken = ProbeHooks()
        broken.start = { _ in throw Probe.Failure() }
        var configuration = fastConfiguration()
        configuration.restartDelay = .seconds(60)
        try await withManager([probe("broken", broken)], configuration: configuration) { manager in
            #expect(manager.state(of: "broken") == .failed)
            let error = await #expect(throws: CallError.self) { try await manager.call("broken.echo") }
            #expect(error?.code == .moduleNotReady)
        }
    }

    @Test func requiredModuleFailureMakesRunThrowWithTheReason() async throws {
        let journal = Recorder<String>()
        var broken = ProbeHooks()
        broken.start = { _ in throw Probe.Failure() }
        let manager = try ModuleManager(
            [probe("first", journaling("first", into: journal)), probe("vital", required: true, broken)],
            configuration: fastConfiguration(), logger: testLogger)
        let error = await #expect(throws: ModuleManager.LifecycleError.self) { try await manager.run() }
        #expect(error?.module == "vital" && error?.code == .requiredModuleFailed)
        #expect(error?.description == "module 'vital' is required and failed to start: probe failure")
        // What had started is stopped again.
        #expect(journal.items == ["start first", "stop first"])
    }

    @Test func duplicateOrDottedModuleNamesAreRejected() {
        let twice = #expect(throws: ModuleManager.LifecycleError.self) {
            try ModuleManager([probe("a"), probe("a")], logger: testLogger)
        }
        #expect(twice?.code == .duplicateName)
        let dotted = #expect(throws: ModuleManager.LifecycleError.self) {
            try ModuleManager([probe("a.b")], logger: testLogger)
        }
        #expect(dotted?.code == .invalidName)
    }

    @Test func aModuleThatReportsAFailureIsStoppedAndStartedAgainWithBackoffUntilItStarts() async throws {
        let journal = Recorder<String>()
        // The device is back on the third start after the failure.
        let starts = Atomic<Int>(0)
        var device = journaling("device", into: journal)
        device.start = { _ in
            let attempt = starts.add(1, ordering: .relaxed).newValue
            journal.append("start device")
            if attempt == 2 || attempt == 3 { throw Probe.Failure() }
        }
        device.work = { context, _ in
            context.reportFailure("the adapter was unplugged")
            // A second report for the same failure changes nothing.
            context.reportFailure("the adapter was unplugged")
            return .null
        }
        let log = LogCapture()
        try await withManager(
            [probe("device", device), probe("steady")], configuration: fastConfiguration(), logger: log.logger
        ) { manager async throws in
            _ = try await manager.call("device.work")
            _ = try await journal.waitFor(count: 8)
            #expect(manager.state(of: "device") == .active)
            #expect(try await manager.call("device.echo", ["back": true]) == ["back": true])
            // The others were not touched.
            #expect(try await manager.call("steady.echo", ["ok": true]) == ["ok": true])
            #expect(manager.statistics.modules.first { $0.name == "device" }?.startFailures == 2)
        }
        #expect(
            journal.items.prefix(8) == [
                "start device", "activate device",
                "deactivate device", "stop device", "start device", "start device", "start device", "activate device",
            ])
        #expect(
            log.messages.filter { $0.contains("module failed; it is stopped and will be started again") }.count == 1)
        #expect(log.entries.contains { $0.metadata["reason"]?.description == "the adapter was unplugged" })
    }

    @Test func waitingForAStateReturnsWhenTheModuleReachesItAtOnceIfThereAndOnCancellation() async throws {
        var device = ProbeHooks()
        device.work = { context, _ in
            context.reportFailure("unplugged")
            return .null
        }
        var configuration = fastConfiguration()
        configuration.restartDelay = .seconds(60)
        try await withManager([probe("device", device)], configuration: configuration) { manager async throws in
            #expect(await manager.wait(for: .active, of: "device"), "already active: returns at once")
            #expect(await manager.wait(for: .active, of: "nosuch") == false)

            let failed = Task { await manager.wait(for: .failed, of: "device") }
            _ = try await manager.call("device.work")
            #expect(try await withTimeout(.seconds(10), "for failed") { await failed.value })
            #expect(manager.state(of: "device") == .failed)

            // A wait that is cancelled returns false instead of waiting on.
            let active = Task { await manager.wait(for: .active, of: "device") }
            active.cancel()
            #expect(try await withTimeout(.seconds(10), "for the cancelled wait") { await active.value } == false)
        }
    }

    @Test func aFailureReportedDuringShutdownIsIgnored() async throws {
        let journal = Recorder<String>()
        var device = journaling("device", into: journal)
        device.deactivate = { context in
            journal.append("deactivate device")
            context.reportFailure("too late")
        }
        try await withManager([probe("device", device)], configuration: fastConfiguration()) { _ in }
        #expect(journal.items == ["start device", "activate device", "deactivate device", "stop device"])
    }
}
