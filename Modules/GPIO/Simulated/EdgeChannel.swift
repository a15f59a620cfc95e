import LooselyCoupled
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The simulated counterpart of a line request's event descriptor: edges queued from any thread,
/// and a pipe that polls readable while some are pending, so the edge reader thread waits on
/// simulated and kernel lines alike.
final class EdgeChannel: Sendable {
    private let wake: WakePipe
    private let pending = Locked<[LineEdge]>([])

    /// The read end, for `poll`.
    var descriptor: Int32 { wake.readDescriptor }

    init() throws(GPIOError) {
        do {
            wake = try WakePipe()
        } catch {
            throw GPIOError.system(error.errno, "cannot create the simulated edge channel")
        }
    }

    /// Queues `edges` at once (a reader sees all of them or none); the descriptor becomes
    /// readable if it was not.
    func push(contentsOf edges: [LineEdge]) {
        let wasEmpty = pending.withLock { pending in
            defer { pending.append(contentsOf: edges) }
            return pending.isEmpty
        }
        guard wasEmpty else { return }
        wake.signal()
    }

    /// The chip went away: pending edges are dropped and the descriptor reports `POLLHUP`, as
    /// a removed chip's line does.
    func hangUp() {
        pending.withLock { $0.removeAll() }
        wake.hangUp()
    }

    /// Appends every queued edge, oldest first.
    ///
    /// Drains the pipe before taking the queue: an edge pushed in between is taken now and
    /// leaves at worst a spurious wake-up, never a queued edge without a wake-up.
    func take(into edges: inout [LineEdge]) {
        wake.drain()
        pending.withLock { pending in
            edges.append(contentsOf: pending)
            pending.removeAll(keepingCapacity: true)
        }
    }
}
