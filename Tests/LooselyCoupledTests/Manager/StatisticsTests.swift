import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@Suite struct StatisticsTests {
    @Test func statisticsReportDepthProcessedErrorsAndStates() async throws {
        let gate = Latch()
        let parked = Latch()
        let hooks = parkingHooks(gate: gate, parked: parked)
        var broken = ProbeHooks()
        broken.start = { _ in throw Probe.Failure() }
        var configuration = fastConfiguration(capacity: 50)
        configuration.restartDelay = .seconds(60)
        try await withManager([probe("busy", hooks), probe("broken", broken)], configuration: configuration) {
            manager async throws in
            _ = try? await manager.call("busy.fail")
            let first = try await manager.enqueue("busy.work")
            await parked.wait()
            try await manager.enqueue("busy.echo")
            let statistics = manager.statistics
            #expect(statistics.queueDepth == 2)
            #expect(statistics.queueCapacity == 50)
            #expect(statistics.handlerErrors == 1)
            #expect(statistics.modules.map(\.name) == ["busy", "broken"])
            #expect(statistics.modules.map(\.state) == [.active, .failed])
            #expect(statistics.modules[0].queueDepth == 1)
            #expect(statistics.modules[0].type == "Probe")
            gate.open()
            _ = try await first.value
        }
    }
}
