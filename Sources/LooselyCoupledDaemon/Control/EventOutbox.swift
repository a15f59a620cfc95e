import DequeModule
import LooselyCoupled
import Synchronization

/// Hands watched events from the task that reads the manager's stream to the connection thread
/// that writes them, bounded: a client that does not read loses the oldest, counted.
final class EventOutbox: Sendable {
    static let capacity = 1024

    private struct State {
        var events = Deque<Event>()
        var dropped = 0
        var finished = false
    }

    private let state = Locked(State())
    /// Signalled on every change, for the connection thread's `poll`.
    let wake: WakePipe

    init() throws(SystemError) {
        wake = try WakePipe.open()
    }

    func push(_ event: Event) {
        state.withLock { state in
            if state.events.count == Self.capacity {
                state.events.removeFirst()
                state.dropped += 1
            }
            state.events.append(event)
        }
        wake.signal()
    }

    /// No more events will come: the manager stopped.
    func finish() {
        state.withLock { $0.finished = true }
        wake.signal()
    }

    /// Everything waiting, how many were dropped since the last take, and whether the stream ended.
    func take() -> (events: [Event], dropped: Int, finished: Bool) {
        state.withLock { state in
            defer {
                state.events.removeAll()
                state.dropped = 0
            }
            // An empty deque is not copied: `Array(_:)` of one initializes the shared empty-array
            // storage in place, a write that ThreadSanitizer reports against every other thread
            // reading an empty array (here a reply's empty object, on another connection).
            return (state.events.isEmpty ? [] : Array(state.events), state.dropped, state.finished)
        }
    }
}
