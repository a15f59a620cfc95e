import CGPIOD
public import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A line requested through libgpiod, released when deallocated.
///
/// Owns its request (and, with libgpiod 1, a chip handle of its own), so it depends on nothing
/// else and can be handed to the edge reader thread whole.
public final class HardwareLine: GPIOLineHandle {
    private let request: UnsafeMutablePointer<lc_gpiod_request>
    /// The line's offset on its chip.
    public let offset: Int
    /// The descriptor that becomes readable when edges are waiting, or -1 for a line without edge detection.
    public let edgeDescriptor: Int32
    /// `line GPIO17 (offset 17) of gpiochip0`, for errors.
    private let label: String
    private var buffer = [lc_gpiod_edge](repeating: lc_gpiod_edge(), count: 64)

    /// Takes ownership of `request`; with `edges`, makes its descriptor non-blocking so that a
    /// read after a spurious wake-up returns instead of hanging the reader thread.
    init(request: UnsafeMutablePointer<lc_gpiod_request>, offset: Int, label: String, edges: Bool) throws(GPIOError) {
        self.request = request
        self.offset = offset
        self.label = label
        guard edges else {
            edgeDescriptor = -1
            return
        }
        let descriptor = lc_gpiod_request_get_fd(request)
        guard descriptor >= 0 else {
            let failure = errno
            lc_gpiod_request_release(request)
            throw GPIOError.system(failure, "cannot get the event descriptor of \(label)")
        }
        let flags = fcntl(descriptor, F_GETFL)
        if flags < 0 || fcntl(descriptor, F_SETFL, flags | O_NONBLOCK) < 0 {
            let failure = errno
            lc_gpiod_request_release(request)
            throw GPIOError.system(failure, "cannot make the event descriptor of \(label) non-blocking")
        }
        edgeDescriptor = descriptor
    }

    deinit {
        lc_gpiod_request_release(request)
    }

    /// The line's physical level.
    public func read() throws(GPIOError) -> Bool {
        let value = lc_gpiod_request_get_value(request)
        guard value >= 0 else { throw GPIOError.lineIO(errno, "cannot read \(label)") }
        return value != 0
    }

    /// Drives the line to the physical level `value`.
    public func write(_ value: Bool) throws(GPIOError) {
        guard lc_gpiod_request_set_value(request, value ? 1 : 0) == 0 else {
            throw GPIOError.lineIO(errno, "cannot write \(label)")
        }
    }

    /// Appends the edges waiting on the line to `edges`, oldest first, without blocking.
    public func readEdges(into edges: inout [LineEdge]) throws(GPIOError) {
        while true {
            let count = buffer.withUnsafeMutableBufferPointer {
                lc_gpiod_request_read_edges(request, $0.baseAddress, UInt32($0.count))
            }
            if count < 0 {
                let failure = errno
                if failure == EINTR { continue }
                if failure == EAGAIN || failure == EWOULDBLOCK { return }
                throw GPIOError.lineIO(failure, "cannot read the edges of \(label)")
            }
            let now = MonotonicClock.now()
            for event in buffer.prefix(Int(count)) {
                edges.append(
                    LineEdge(
                        offset: offset, level: event.rising,
                        timestampNanoseconds: Self.plausible(event.timestamp_ns, now: now)))
            }
            if count < buffer.count { return }
        }
    }

    /// The kernel's timestamp, unless it is on another clock: kernels before 5.7 stamp the
    /// libgpiod 1 events with CLOCK_REALTIME, which the click timings cannot be compared with.
    static func plausible(_ timestamp: UInt64, now: UInt64) -> UInt64 {
        let distance = timestamp > now ? timestamp - now : now - timestamp
        return distance > 3_600_000_000_000 ? now : timestamp
    }
}
