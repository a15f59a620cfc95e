import LooselyCoupled
import Synchronization
import Testing

/// The events a ``SinkModule`` received, awaitable from a test.
final class EventLog: Sendable {
    private struct State {
        var events: [Event] = []
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Locked(State())

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
