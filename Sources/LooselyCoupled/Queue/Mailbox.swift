import DequeModule
import Synchronization

/// One module's share of the queue: its pending deliveries, one FIFO per priority.
///
/// Any thread pushes; the module's single drain loop pops, highest priority first. The drain loop
/// parks on a continuation when the mailbox is empty, so an idle module costs no CPU.
final class Mailbox: Sendable {
    private struct State {
        var levels: [Deque<Delivery>] = Array(repeating: [], count: Priority.allCases.count)
        var count = 0
        var waiter: UnsafeContinuation<Void, Never>?
        /// Closed until the module starts, and again once it stops.
        var closed = true
    }

    private let state = Locked(State())

    /// Appends `delivery` at its item's priority; `false` when the mailbox is closed.
    func push(_ delivery: Delivery) -> Bool {
        let level = delivery.item.metadata.priority.level
        let (accepted, waiter) = state.withLock { state -> (Bool, UnsafeContinuation<Void, Never>?) in
            guard !state.closed else { return (false, nil) }
            state.levels[level].append(delivery)
            state.count += 1
            let waiter = state.waiter
            state.waiter = nil
            return (true, waiter)
        }
        waiter?.resume()
        return accepted
    }

    /// The most urgent delivery and how many remain after it; `nil` when empty or closed.
    func pop() -> (Delivery, backlog: Int)? {
        state.withLock { state in
            guard !state.closed, state.count > 0 else { return nil }
            for level in state.levels.indices where !state.levels[level].isEmpty {
                let delivery = state.levels[level].removeFirst()
                state.count -= 1
                return (delivery, state.count)
            }
            return nil
        }
    }

    /// Waits until there is something to pop; `false` once the mailbox is closed.
    func waitForItems(isolation: isolated (any Actor)? = #isolation) async -> Bool {
        await withUnsafeContinuation(isolation: isolation) { (continuation: UnsafeContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.count > 0 || state.closed { return true }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        return state.withLock { !$0.closed }
    }

    /// Closes the mailbox and returns what was still in it, most urgent first; the drain loop ends.
    func close() -> [Delivery] {
        let (leftovers, waiter) = state.withLock { state -> ([Delivery], UnsafeContinuation<Void, Never>?) in
            state.closed = true
            let leftovers = state.levels.flatMap { $0 }
            state.levels = Array(repeating: [], count: Priority.allCases.count)
            state.count = 0
            let waiter = state.waiter
            state.waiter = nil
            return (leftovers, waiter)
        }
        waiter?.resume()
        return leftovers
    }

    /// Reopens a closed mailbox for a new incarnation of the module.
    func reopen() {
        state.withLock { $0.closed = false }
    }

    /// Pending deliveries.
    var count: Int { state.withLock { $0.count } }

    /// The sequence number of the oldest delivery at the least urgent non-empty priority.
    func leastUrgentOldest() -> (level: Int, sequence: UInt64)? {
        state.withLock { state in
            for level in state.levels.indices.reversed() {
                if let first = state.levels[level].first {
                    return (level, first.item.metadata.sequence)
                }
            }
            return nil
        }
    }

    /// Removes the oldest delivery at `level` if its sequence is still `sequence`.
    func removeOldest(level: Int, sequence: UInt64) -> Delivery? {
        state.withLock { state in
            guard let first = state.levels[level].first, first.item.metadata.sequence == sequence else { return nil }
            state.count -= 1
            return state.levels[level].removeFirst()
        }
    }
}
