public import LooselyCoupled
import Logging

extension ModuleManager {
    /// Runs a manager with `modules` (logging nothing below critical) until `body` returns, then
    /// shuts it down; start and shutdown each fail the test after ten or twenty seconds.
    ///
    /// ```swift
    /// try await ModuleManager.withRunning([ModuleSpec(TimerModule.self, name: "clock", config: config)]) { manager in
    ///     #expect(try await manager.call("clock.list") != .null)
    /// }
    /// ```
    public static func withRunning(_ modules: [ModuleSpec], _ body: (ModuleManager) async throws -> Void) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let manager = try ModuleManager(modules, logger: logger)
        let run = Task { try await manager.run() }
        try await withTimeout(.seconds(10), "for the manager to start") { await manager.waitUntilRunning() }
        do {
            try await body(manager)
        } catch {
            manager.requestExit()
            _ = try? await run.value
            throw error
        }
        manager.requestExit()
        try await withTimeout(.seconds(20), "for the manager to stop") { try await run.value }
    }
}
