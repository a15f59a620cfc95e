import LooselyCoupled
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// The simulated counterpart of a line request's event descriptor: edges queued from any thread,
/// and a pipe that polls readable while some are pending, so the edge reader thread waits on
/// simulated and kernel lines alike.
final class EdgeChannel: Sendable {
    /// The read end, for `poll`.
    let descriptor: Int32
    private let writeEnd: Int32
    private let pending = Locked<[LineEdge]>([])

    init() throws(GPIOError) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw GPIOError.system(errno, "cannot create the simulated edge channel") }
        for end in ends {
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
        }
        descriptor = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(descriptor)
        close(writeEnd)
    }

    /// Queues `edge`; the descriptor becomes readable if it was not.
    func push(_ edge: LineEdge) {
        let wasEmpty = pending.withLock { pending in
            defer { pending.append(edge) }
            return pending.isEmpty
        }
        guard wasEmpty else { return }
        var byte: UInt8 = 1
        // A full pipe already wakes the reader: EAGAIN needs nothing more.
        _ = write(writeEnd, &byte, 1)
    }

    /// Appends every queued edge, oldest first.
    ///
    /// Drains the pipe before taking the queue: an edge pushed in between is taken now and
    /// leaves at worst a spurious wake-up, never a queued edge without a wake-up.
    func take(into edges: inout [LineEdge]) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ read(descriptor, $0.baseAddress, $0.count) }) > 0 {}
        edges += pending.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
}
