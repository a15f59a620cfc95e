import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#endif

/// A module with one restore entity, which it starts in its saved state.
private actor Keeper: Module {
    let context: ModuleContext

    init(context: ModuleContext) { self.context = context }

    func start() async throws {
        try context.declare([Entity("mode", kind: .select, options: ["eco", "boost"], restore: true)])
        let saved = context.savedState("mode")
        try await context.setState("mode", saved?.state ?? "eco", attributes: saved?.attributes ?? [:])
    }

    func setEntity(_ key: String, to state: Value, attributes: Value.Object) async throws -> Value {
        try await context.setState(key, state, attributes: ["by": "set"])
        return state
    }
}

@Suite("restore: entities marked restore get their last state back, from state_dir")
struct RestoreTests {
    @Test("an entity marked restore starts the next run in its last state; the file is replaced atomically")
    func lastStateComesBack() async throws {
        let directory = "/tmp/lc-restore-\(MonotonicClock.now())"
        var configuration = fastConfiguration()
        configuration.stateDirectory = directory
        let spec = ModuleSpec(Keeper.self, name: "heater")
        try await withManager([spec], configuration: configuration) { manager in
            #expect(try manager.states(matching: "heater.mode").first?.state == "eco")
            _ = try await manager.setEntity("heater.mode", to: "boost")
        }
        let saved = try Value(json: try #require(readFile(directory + "/entities-heater.json")))
        #expect(saved == ["version": 1, "entities": ["mode": ["state": "boost", "attributes": ["by": "set"]]]])
        #expect(!directoryEntries(directory).contains { $0.hasSuffix(".tmp") })

        try await withManager([spec], configuration: configuration) { manager in
            let mode = try #require(try manager.states(matching: "heater.mode").first)
            #expect(mode.state == "boost" && mode.attributes == ["by": "set"])
        }
        removeDirectory(directory)
    }

    @Test("without a state_dir nothing is saved, and the entity starts as the module sets it")
    func nothingWithoutAStateDirectory() async throws {
        let spec = ModuleSpec(Keeper.self, name: "heater")
        try await withManager([spec], configuration: fastConfiguration()) { manager in
            _ = try await manager.setEntity("heater.mode", to: "boost")
        }
        try await withManager([spec], configuration: fastConfiguration()) { manager async throws in
            #expect(try manager.states(matching: "heater.mode").first?.state == "eco")
        }
    }
}
