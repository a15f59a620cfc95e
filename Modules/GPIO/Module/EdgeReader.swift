#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LooselyCoupled
import Logging
import Synchronization

/// The thread of one gpio module that waits for its inputs' edges and hands them to the module.
///
/// It polls every input's edge descriptor (kernel or simulated) and a wake-up pipe, reads what
/// is pending without blocking, and passes each batch to `deliver`, which queues it for the
/// module's actor through the core's plain-thread API. Nothing here runs on the Swift
/// concurrency pool, and the pool never waits for an edge.
///
/// The thread owns the input lines: they are handed to it at start and released by it when it
/// ends, so no line handle is ever shared between threads.
final class EdgeReader: Sendable {
    /// One input's line, handed to the thread.
    struct Line {
        /// The input's index in the module.
        var input: Int
        var handle: any GPIOLineHandle
    }

    /// One edge of an input, as delivered.
    struct Edge: Sendable, Hashable {
        var input: Int
        var level: Bool
        var timestampNanoseconds: UInt64
    }

    private let control: Control
    private let thread: OSThread

    /// Starts the thread with `lines`; it forwards nothing until ``forward(_:)``.
    ///
    /// - Parameters:
    ///   - lines: The input lines; the thread owns them from now on.
    ///   - name: The thread's name (15 bytes are kept).
    ///   - deliver: Called on the thread with each batch of edges, in order; returns whether the
    ///     batch was queued for the module, which then calls ``handled()`` once it has run.
    ///   - lost: Called on the thread, once per input, when its line can no longer be read (its
    ///     chip is gone, or its descriptor failed), with why; the input is ignored from then on.
    init(
        lines: sending [Line], name: String, logger: Logger, deliver: @escaping @Sendable ([Edge]) -> Bool,
        lost: @escaping @Sendable (_ input: Int, _ reason: String) -> Void
    ) throws(GPIOError) {
        let control = try Control(descriptors: lines.map(\.handle.edgeDescriptor).filter { $0 >= 0 })
        let handoff = Locked<[Line]?>(lines)
        self.control = control
        do {
            thread = try OSThread.spawn(name: name) {
                let lines = handoff.withLock { $0.take() } ?? []
                Self.run(lines: lines, control: control, logger: logger, deliver: deliver, lost: lost)
                control.finish()
            }
        } catch {
            throw GPIOError(.system, "cannot start the edge reader thread", errno: error.errno)
        }
    }

    deinit {
        control.request(stop: true)
    }

    /// Starts or stops reading the lines. While not forwarding, edges wait in the kernel's
    /// (or the simulated chip's) queue, stamped with when they happened.
    func forward(_ forwarding: Bool) {
        control.request(forwarding: forwarding)
    }

    /// Whether an edge may still be on its way to the module: read and queued but not yet
    /// handled, or waiting unread on a line.
    ///
    /// The module's timer consults this before letting time pass for its inputs: a tick at
    /// instant T claims that no edge happened before T, which is only true once every edge
    /// before T has arrived. Otherwise a release in flight could be overtaken by a long press.
    var hasEdgesInFlight: Bool {
        if control.inFlight.load(ordering: .acquiring) > 0 { return true }
        guard !control.descriptors.isEmpty else { return false }
        var descriptors = control.descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        return poll(&descriptors, nfds_t(descriptors.count), 0) > 0
    }

    /// The module has handled a batch that `deliver` queued.
    func handled() {
        control.inFlight.subtract(1, ordering: .releasing)
    }

    /// Ends the thread, which releases the lines; returns once it has.
    func stop() async {
        control.request(stop: true)
        await control.finished()
        thread.join()
    }

    /// How long the thread waits in `poll` before polling again. On some kernels (Debian 12's 6.1,
    /// checked) removing a chip does not wake a `poll` already waiting on its lines, while a new
    /// one reports `POLLHUP` at once: an unplugged adapter is noticed within this, and an idle
    /// daemon wakes this rarely.
    static let recheckMilliseconds: Int32 = 2000

    private static func run(
        lines: [Line], control: Control, logger: Logger, deliver: @Sendable ([Edge]) -> Bool, lost: @Sendable (Int, String) -> Void
    ) {
        var failed = Set<Int>()
        var descriptors: [pollfd] = []
        var polled: [Int] = []
        var edges: [LineEdge] = []
        while true {
            let (forwarding, stopping) = control.state
            if stopping { return }
            descriptors.removeAll(keepingCapacity: true)
            polled.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: control.wake.readDescriptor, events: Int16(POLLIN), revents: 0))
            if forwarding {
                for (index, line) in lines.enumerated() where line.handle.edgeDescriptor >= 0 && !failed.contains(index) {
                    descriptors.append(pollfd(fd: line.handle.edgeDescriptor, events: Int16(POLLIN), revents: 0))
                    polled.append(index)
                }
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), polled.isEmpty ? -1 : recheckMilliseconds)
            if ready < 0 {
                let failure = errno
                if failure == EINTR { continue }
                logger.critical("the edge reader cannot poll; inputs stop", metadata: ["errno": "\(failure)", "error": "\(GPIOError.strerror(failure))"])
                return
            }
            if descriptors[0].revents != 0 { control.wake.drain() }
            var batch: [Edge] = []
            for (slot, index) in polled.enumerated() where descriptors[slot + 1].revents != 0 {
                let line = lines[index]
                edges.removeAll(keepingCapacity: true)
                do {
                    try line.handle.readEdges(into: &edges)
                } catch {
                    failed.insert(index)
                    logger.error("cannot read an input's edges; it is ignored from now on", metadata: ["gpio.line": "\(line.handle.offset)", "error": "\(error)"])
                    lost(line.input, "\(error)")
                    continue
                }
                if edges.isEmpty && descriptors[slot + 1].revents & Int16(POLLIN) == 0 {
                    failed.insert(index)
                    // POLLHUP with POLLERR: the chip is gone (the kernel says so to every new poll).
                    let gone = descriptors[slot + 1].revents & Int16(POLLHUP | POLLERR) != 0
                    let reason = gone ? "the GPIO chip of line \(line.handle.offset) is gone (unplugged, or its driver unbound)"
                        : "the event descriptor of line \(line.handle.offset) failed"
                    logger.error("an input's line can no longer be read; it is ignored from now on", metadata: ["gpio.line": "\(line.handle.offset)", "reason": "\(reason)"])
                    lost(line.input, reason)
                }
                for edge in edges {
                    batch.append(Edge(input: line.input, level: edge.level, timestampNanoseconds: edge.timestampNanoseconds))
                }
            }
            if !batch.isEmpty {
                control.inFlight.add(1, ordering: .releasing)
                if !deliver(batch) { control.inFlight.subtract(1, ordering: .releasing) }
            }
        }
    }

    /// What the module tells the thread, and how it wakes it: a pipe the thread polls.
    private final class Control: Sendable {
        /// The lines' edge descriptors, polled (never read) from the module's actor.
        let descriptors: [Int32]
        /// Batches queued for the module and not yet handled.
        let inFlight = Atomic<Int>(0)
        let wake: WakePipe
        private let flags = Locked<(forwarding: Bool, stopping: Bool, done: Bool, waiters: [CheckedContinuation<Void, Never>])>(
            (false, false, false, []))

        init(descriptors: [Int32]) throws(GPIOError) {
            self.descriptors = descriptors
            do {
                wake = try WakePipe()
            } catch {
                throw GPIOError.system(error.errno, "cannot create the edge reader's wake-up pipe")
            }
        }

        var state: (forwarding: Bool, stopping: Bool) {
            flags.withLock { ($0.forwarding, $0.stopping) }
        }

        func request(forwarding: Bool? = nil, stop: Bool = false) {
            flags.withLock { flags in
                if let forwarding { flags.forwarding = forwarding }
                if stop { flags.stopping = true }
            }
            wake.signal()
        }

        func finish() {
            let waiters = flags.withLock { flags in
                flags.done = true
                defer { flags.waiters = [] }
                return flags.waiters
            }
            for waiter in waiters { waiter.resume() }
        }

        func finished() async {
            await withCheckedContinuation { continuation in
                let done = flags.withLock { flags in
                    if flags.done { return true }
                    flags.waiters.append(continuation)
                    return false
                }
                if done { continuation.resume() }
            }
        }
    }
}
