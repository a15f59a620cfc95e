import LooselyCoupled
import Logging
import Synchronization
import Testing

/// The events a ``SinkModule`` received, awaitable from a test.
final class EventLog: Sendable {
    private struct State {
        var events: [Event] = []
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    func append(_ event: Event) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.events.append(event)
            let count = state.events.count
            defer { state.waiters.removeAll { $0.count <= count } }
            return state.waiters.filter { $0.count <= count }.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    /// The first `count` events, once they have arrived.
    func first(_ count: Int) async -> [Event] {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> Bool in
                if state.events.count >= count { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
        return state.withLock { Array($0.events.prefix(count)) }
    }
}

/// A module that records the `tick` events it receives into an ``EventLog``.
actor SinkModule: Module {
    let log: EventLog

    init(log: EventLog) { self.log = log }
    init(context: ModuleContext) throws { throw CallError(.invalidArguments, "use the factory") }

    static let interface = ModuleInterface<SinkModule> {
        On("tick") { sink, event in sink.log.append(event) }
    }
}

struct TimeoutError: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out \(what)" }
}

/// Runs `operation`, failing with ``TimeoutError`` after `timeout`.
func withTimeout<T: Sendable>(
    _ timeout: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        guard let first = try await group.next(), let value = first else {
            group.cancelAll()
            throw TimeoutError(what: what)
        }
        group.cancelAll()
        return value
    }
}

/// Runs a manager with `modules` until `body` returns, then shuts it down.
func withManager(_ modules: [ModuleSpec], _ body: (ModuleManager) async throws -> Void) async throws {
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
