import LooselyCoupled
import LooselyCoupledTestKit
import Synchronization

/// The `serial_*` events a ``SerialEventSink`` received, awaitable by a condition with a timeout.
final class SerialEventLog: Sendable {
    private struct Waiter {
        let id: Int
        let condition: @Sendable ([Event]) -> Bool
        let continuation: CheckedContinuation<Void, Never>
    }

    private let state = Locked<(events: [Event], waiters: [Waiter], nextID: Int)>(([], [], 0))

    func append(_ event: Event) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.events.append(event)
            let events = state.events
            let ready = state.waiters.filter { $0.condition(events) }
            state.waiters.removeAll { $0.condition(events) }
            return ready.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    /// Everything so far.
    var events: [Event] { state.withLock { $0.events } }

    /// The events so far once `condition` holds; throws `TimeoutError` after `timeout`.
    @discardableResult
    func wait(_ what: String, timeout: Duration = .seconds(10), until condition: @escaping @Sendable ([Event]) -> Bool) async throws -> [Event] {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        try await withTimeout(timeout, "for \(what); have \(self.events.map(\.name))") {
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let ready = self.state.withLock { state -> Bool in
                        if condition(state.events) || Task.isCancelled { return true }
                        state.waiters.append(Waiter(id: id, condition: condition, continuation: continuation))
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                let waiter = self.state.withLock { state -> Waiter? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: index)
                }
                waiter?.continuation.resume()
            }
        }
        return events
    }

    /// The events so far once `count` events named `name` have arrived.
    @discardableResult
    func wait(for name: String, count: Int = 1, timeout: Duration = .seconds(10)) async throws -> [Event] {
        try await wait("\(count) × \(name)", timeout: timeout) { events in events.count { $0.name == name } >= count }
    }

    /// The `data` of every `serial_frame` so far.
    var frames: [String] { events.filter { $0.name == "serial_frame" }.compactMap { $0.payload["data"]?.stringValue } }
}

/// A module that records every `serial_*` event it receives.
actor SerialEventSink: Module {
    let log: SerialEventLog

    init(log: SerialEventLog) { self.log = log }
    init(context: ModuleContext) throws { throw CallError(.invalidArguments, "use the factory") }

    static let interface = ModuleInterface<SerialEventSink> {
        On("serial_*") { sink, event in sink.log.append(event) }
    }
}

extension [Event] {
    /// The events named `name`.
    func named(_ name: String) -> [Event] { filter { $0.name == name } }
}
