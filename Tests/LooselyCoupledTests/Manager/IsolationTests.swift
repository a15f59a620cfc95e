import LooselyCoupled
import LooselyCoupledTestKit
import Synchronization
import Testing

/// Counts how many of its synchronous handlers run at once, across events, queued and sync calls.
actor Overlap: Module {
    final class Meter: Sendable {
        let inside = Atomic<Int>(0)
        let most = Atomic<Int>(0)
        let handled = Recorder<Int>()

        func measure() {
            let now = inside.add(1, ordering: .sequentiallyConsistent).newValue
            var seen = most.load(ordering: .relaxed)
            while now > seen, !most.compareExchange(expected: seen, desired: now, ordering: .relaxed).exchanged {
                seen = most.load(ordering: .relaxed)
            }
            // Stay inside a little, so an overlap has a chance to show.
            for _ in 0..<2_000 { _ = inside.load(ordering: .relaxed) }
            inside.subtract(1, ordering: .sequentiallyConsistent)
            handled.append(1)
        }
    }

    let meter: Meter
    init(meter: Meter) { self.meter = meter }
    init(context: ModuleContext) throws { throw CallError(.invalidArguments, "use the factory") }

    static let interface = ModuleInterface<Overlap> {
        On("poke") { module, _ in module.meter.measure() }
        Method("poke") { module, _ in module.meter.measure() }
    }
}

/// Its handler waits until the other module's handler has started too, suspended rather than
/// spinning: a manager that ran one module's handler at a time would never start the second,
/// and the first would wait in vain. (A spinning wait held one of a 2-core machine's two pool
/// threads for as long as it waited, which starved the tests running beside it.)
actor Rendezvous: Module {
    final class Meeting: Sendable {
        let arrived = Watched(0)
    }

    let meeting: Meeting
    init(meeting: Meeting) { self.meeting = meeting }
    init(context: ModuleContext) throws { throw CallError(.invalidArguments, "use the factory") }

    static let interface = ModuleInterface<Rendezvous> {
        Method("meet") { module, _ in
            let arrived = module.meeting.arrived
            arrived.update { $0 += 1 }
            _ = try? await withTimeout(.seconds(30), "for the other module's handler") {
                await arrived.wait { $0 >= 2 }
            }
            return .bool(arrived.value >= 2)
        }
    }
}

@Suite struct IsolationTests {
    @Test func twoHandlersOfOneModuleNeverRunInParallel() async throws {
        let meter = Overlap.Meter()
        try await withManager(
            [ModuleSpec(Overlap.self, name: "o") { _ in Overlap(meter: meter) }], configuration: fastConfiguration()
        ) { manager async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { for _ in 0..<200 { try await manager.trigger("poke") } }
                group.addTask { for _ in 0..<200 { try await manager.enqueue("o.poke") } }
                group.addTask { for _ in 0..<200 { _ = try await manager.call("o.poke") } }
                group.addTask { try await onPlainThread { for _ in 0..<200 { try manager.trigger("poke") } } }
                try await group.waitForAll()
            }
            _ = try await meter.handled.waitFor(count: 800)
            #expect(meter.most.load(ordering: .relaxed) == 1)
        }
    }

    @Test func differentModulesRunInParallel() async throws {
        let meeting = Rendezvous.Meeting()
        try await withManager(
            ["left", "right"].map { name in
                ModuleSpec(Rendezvous.self, name: name) { _ in Rendezvous(meeting: meeting) }
            }, configuration: fastConfiguration()
        ) { manager async throws in
            async let left = manager.call("left.meet")
            async let right = manager.call("right.meet")
            // Each handler returns true only if the other was running at the same time.
            #expect(try await [left, right] == [true, true])
        }
    }
}
