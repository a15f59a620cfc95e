public import Logging
public import LooselyCoupled

/// A logger that logs nothing below critical, for tests that do not look at logs.
public let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()

extension ModuleManager {
    /// Runs a manager with `modules` (logging nothing below critical) until `body` returns, then
    /// shuts it down; start and shutdown each fail the test after ten or twenty seconds.
    ///
    /// ```swift
    /// try await ModuleManager.withRunning([ModuleSpec(TimerModule.self, name: "clock", config: config)]) { manager in
    ///     #expect(try await manager.call("clock.list") != .null)
    /// }
    /// ```
    public static func withRunning(
        _ modules: [ModuleSpec], configuration: ModuleManager.Configuration = .init(), logger: Logger = quietLogger,
        _ body: (ModuleManager) async throws -> Void
    ) async throws {
        let manager = try ModuleManager(modules, configuration: configuration, logger: logger)
        let run = Task { try await manager.run() }
        let running = try await withTimeout(.seconds(10), "for the manager to start") {
            await manager.waitUntilRunning()
        }
        guard running else {
            try await run.value
            return
        }
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

/// Why a manager with `modules` could not start (a required module's failed start: the module's
/// own error), as text; `nil` when it started.
public func startFailure(_ modules: [ModuleSpec]) async -> String? {
    do {
        try await ModuleManager.withRunning(modules) { _ in }
        return nil
    } catch let error as ModuleManager.LifecycleError {
        return error.underlying.map { "\($0)" } ?? error.description
    } catch {
        return "\(error)"
    }
}
