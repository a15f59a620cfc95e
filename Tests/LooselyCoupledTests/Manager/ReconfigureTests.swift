import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupled

/// A module that counts its calls, so a test can tell one instance from the next, and journals
/// its starts and stops.
private actor Counter: Module {
    let context: ModuleContext
    let journal: Recorder<String>
    var count = 0

    init(context: ModuleContext) throws { throw CallError(.invalidArguments, "use Counter.spec") }

    init(context: ModuleContext, journal: Recorder<String>) {
        self.context = context
        self.journal = journal
    }

    static func spec(_ name: String, _ config: Value = [:], journal: Recorder<String>) -> ModuleSpec {
        ModuleSpec(Counter.self, name: name, config: config) { Counter(context: $0, journal: journal) }
    }

    func start() async throws {
        journal.append("start \(context.name)")
        try context.declare([Entity("count", kind: .sensor)])
    }

    func stop() async {
        journal.append("stop \(context.name)")
    }

    static let interface = ModuleInterface<Counter> {
        Method("bump") { counter in
            counter.count += 1
            return Value.int(counter.count)
        }
    }
}

@Suite("reconfigure: a reload in place restarts only what changed")
struct ReconfigureTests {
    @Test("unchanged modules keep their instance; changed ones restart, removed ones stop, added ones start, in order")
    func reconfigureInPlace() async throws {
        let journal = Recorder<String>()
        let specs = [
            Counter.spec("a", ["x": 1], journal: journal), Counter.spec("b", ["x": 1], journal: journal),
            Counter.spec("d", journal: journal),
        ]
        try await withManager(specs, configuration: fastConfiguration()) { manager in
            for name in ["a", "b", "d"] { _ = try await manager.call("\(name).bump") }
            _ = try await journal.waitFor(count: 3)
            let summary = try await manager.reconfigure([
                Counter.spec("a", ["x": 1], journal: journal), Counter.spec("b", ["x": 2], journal: journal),
                Counter.spec("c", journal: journal),
            ])
            #expect(summary == .init(kept: ["a"], restarted: ["b"], added: ["c"], removed: ["d"]))
            #expect(summary.description == "kept=a restarted=b added=c removed=d")
            #expect(try await manager.call("a.bump") == 2, "a kept its instance")
            #expect(try await manager.call("b.bump") == 1, "b is a new instance")
            #expect(try await manager.call("c.bump") == 1)
            await #expect(throws: CallError.self) { try await manager.call("d.bump") }
            #expect(manager.moduleNames == ["a", "b", "c"])
            #expect(manager.statistics.modules.allSatisfy { $0.state == .active })
            // Those that leave stop in reverse config order, then the new ones start in config order.
            #expect(
                Array(journal.items.dropFirst(3)) == ["stop d", "stop b", "start b", "start c"])
            #expect(try manager.states().map(\.id) == ["a.count", "b.count", "c.count"])
        }
    }

    @Test("a reconfigure with an invalid module list changes nothing; a new queue capacity applies at once")
    func invalidListsChangeNothing() async throws {
        let journal = Recorder<String>()
        try await withManager([Counter.spec("a", journal: journal)], configuration: fastConfiguration()) { manager in
            _ = try await manager.call("a.bump")
            await #expect(throws: ModuleManager.LifecycleError.self) {
                try await manager.reconfigure([
                    Counter.spec("a", journal: journal), Counter.spec("a", journal: journal),
                ])
            }
            #expect(try await manager.call("a.bump") == 2)
            var configuration = fastConfiguration()
            configuration.queueCapacity = 123
            let summary = try await manager.reconfigure(
                [Counter.spec("a", journal: journal)], configuration: configuration)
            #expect(summary.kept == ["a"])
            #expect(manager.statistics.queueCapacity == 123)
            #expect(try await manager.call("a.bump") == 3)
        }
    }
}
