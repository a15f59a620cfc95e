import InMemoryLogging
import Logging
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupled

@Suite struct FaultTests {
    @Test func aThrowingHandlerIsLoggedWithItsContextAndStaysRegistered() async throws {
        let logs = LogCapture()
        let handled = Recorder<Int>()
        var hooks = ProbeHooks()
        hooks.event = { _, event in
            guard let n = event.payload["n"]?.intValue else { return }
            if n == 1 { throw Probe.Failure() }
            handled.append(n)
        }
        try await withManager([probe("fragile", hooks)], configuration: fastConfiguration(), logger: logs.logger) {
            manager async throws in
            try await manager.trigger("reading", ["n": 1])
            try await manager.trigger("reading", ["n": 2])
            #expect(try await handled.waitFor(count: 1) == [2])
            let failure = try #require(logs.entries.first { $0.message.description == "handler failed" })
            #expect(failure.level == .error)
            #expect(failure.metadata["module"] == "fragile")
            #expect(failure.metadata["handler"] == "event")
            #expect(failure.metadata["event"] == "reading")
            #expect(failure.metadata["payload"] == #"{"n":1}"#)
            #expect(failure.metadata["error"] == "probe failure")
            #expect(manager.statistics.handlerErrors == 1)
        }
    }

    actor Flaky: Module {
        let runs: Recorder<UInt64>
        var count = 0
        init(runs: Recorder<UInt64>) { self.runs = runs }
        init(context: ModuleContext) throws { throw CallError(.invalidArguments, "use the factory") }

        static let interface = ModuleInterface<Flaky> {
            Every(.milliseconds(10), "poll") { module in
                module.runs.append(MonotonicClock.now())
                module.count += 1
                if module.count <= 3 { throw Probe.Failure() }
            }
        }
    }

    @Test func aRepeatingJobRunsEveryIntervalAndWaitsLongerAfterEachFailure() async throws {
        let runs = Recorder<UInt64>()
        try await withManager(
            [ModuleSpec(Flaky.self, name: "flaky") { _ in Flaky(runs: runs) }], configuration: fastConfiguration()
        ) { manager async throws in
            let times = try await runs.waitFor(count: 6)
            let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
            // Three failures: 20, 40, 80 ms; then a success resets it to 10 ms.
            #expect(gaps[0] >= 20_000_000)
            #expect(gaps[1] >= 40_000_000)
            #expect(gaps[2] >= 80_000_000)
            #expect(gaps[3] >= 10_000_000)
            #expect(manager.statistics.handlerErrors == 3)
        }
    }

    @Test func repeatingJobDelayGrowsWithFailuresIsCappedAndResetsOnSuccess() {
        var schedule = RepeatSchedule(interval: .seconds(1))
        #expect(schedule.next(succeeded: true) == .seconds(1))
        #expect(schedule.next(succeeded: false) == .seconds(2))
        #expect(schedule.next(succeeded: false) == .seconds(4))
        #expect(schedule.next(succeeded: false) == .seconds(8))
        #expect(schedule.next(succeeded: true) == .seconds(1))
        for _ in 0..<20 { _ = schedule.next(succeeded: false) }
        #expect(schedule.next(succeeded: false) == .seconds(300))
        var slow = RepeatSchedule(interval: .seconds(600))
        #expect(slow.next(succeeded: false) == .seconds(600))
    }
}
