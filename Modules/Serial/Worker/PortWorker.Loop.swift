#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LooselyCoupled
import Logging
import SystemPackage

extension PortWorker {
    /// The port thread's own state and its loop; only that thread touches it.
    struct Loop: ~Copyable {
        let backend: any SerialBackend
        let options: Options
        let shared: Shared
        let counters: PortCounters
        let logger: Logger
        let handOff: @Sendable () -> Bool

        var port: (any SerialPort)?
        var framer: Framer
        var backoff: ReconnectBackoff
        var nextAttempt: UInt64 = 0
        /// The job being written or awaiting its reply, and how much of it is written.
        var current: Job?
        var written = 0
        var awaitingReply = false
        /// The current job's `expect`, compiled.
        var expect: Regex<AnyRegexOutput>?
        /// When the last byte arrived (or the port opened), for the silence timeout.
        var lastActivity: UInt64 = 0
        var silentReported = false
        var nextPathCheck: UInt64 = 0
        var frames: [RawFrame] = []
        var cutLog = RateLimitedLog()
        var pauseLog = RateLimitedLog()
        /// Whether reading waits for the module to take the frames in its inbox.
        var readingPaused = false
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)

        init(
            backend: any SerialBackend, options: Options, shared: Shared, counters: PortCounters, logger: Logger,
            handOff: @escaping @Sendable () -> Bool
        ) {
            self.backend = backend
            self.options = options
            self.shared = shared
            self.counters = counters
            self.logger = logger
            self.handOff = handOff
            self.framer = Framer(framing: options.framing, maxFrame: options.maxFrame)
            self.backoff = ReconnectBackoff(initial: options.reconnect.initial, max: options.reconnect.max)
        }

        deinit {
            buffer.deallocate()
        }

        /// The first open, whose failure fails the module's start.
        mutating func openFirst() -> Result<Connection, SerialError> {
            do {
                let opened = try backend.open(options.path, settings: options.settings, exclusive: options.exclusive)
                adopt(opened, at: MonotonicClock.now())
                return .success(Connection(device: opened.device, settings: opened.settings))
            } catch {
                return .failure(error)
            }
        }

        /// Serves the port until the module stops.
        mutating func run() {
            var descriptors: [pollfd] = []
            while true {
                if shared.control.withLock({ $0.stopping }) { return shutDown() }
                let now = MonotonicClock.now()
                guard let port else {
                    if now >= nextAttempt {
                        reopen(at: now)
                    } else {
                        wait(&descriptors, port: nil, events: 0, until: nextAttempt, now: now)
                    }
                    continue
                }
                startNextJob(now: now)
                guard self.port != nil else { continue }
                if readingPaused { readingPaused = shared.inbox.withLock { $0.frameCount >= options.inboxLimit } }
                // Paused, poll still reports a hang-up (POLLHUP and POLLERR need no asking).
                var events = readingPaused ? Int16(0) : Int16(POLLIN)
                if current != nil && !awaitingReply { events |= Int16(POLLOUT) }
                let revents = wait(&descriptors, port: port.pollDescriptor, events: events, until: nextDeadline(), now: now)
                let after = MonotonicClock.now()
                if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { readAvailable(at: after, hungUp: revents & Int16(POLLHUP | POLLERR) != 0) }
                if self.port != nil && revents & Int16(POLLOUT) != 0 { writeCurrent(now: after) }
                if self.port != nil { passTime(to: after) }
            }
        }

        // MARK: Waiting

        /// Polls the wake-up pipe and `descriptor` (if any) until `deadline`; returns the
        /// descriptor's `revents`.
        @discardableResult
        private func wait(_ descriptors: inout [pollfd], port descriptor: Int32?, events: Int16, until deadline: UInt64?, now: UInt64) -> Int16 {
            descriptors.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: shared.wake.readDescriptor, events: Int16(POLLIN), revents: 0))
            if let descriptor { descriptors.append(pollfd(fd: descriptor, events: events, revents: 0)) }
            var timeout: Int32 = -1
            if let deadline {
                // Rounded up: waking before the deadline would only mean polling again.
                let milliseconds = deadline > now ? (deadline - now + 999_999) / 1_000_000 : 0
                timeout = Int32(clamping: milliseconds)
            }
            let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if ready < 0 && errno != EINTR {
                logger.error("the serial port thread cannot poll", metadata: ["serial.device": "\(options.path)", "error": "\(Errno(rawValue: errno))"])
            }
            guard ready > 0 else { return 0 }
            if descriptors[0].revents != 0 { shared.wake.drain() }
            return descriptor == nil ? 0 : descriptors[1].revents
        }

        /// The earliest of: the idle gap's end, the current job's deadline, the silence
        /// timeout, the next path check.
        private func nextDeadline() -> UInt64? {
            var deadline = nextPathCheck
            if let end = framer.deadline { deadline = min(deadline, end) }
            if let current { deadline = min(deadline, current.deadline) }
            if let silence = options.silence, !silentReported { deadline = min(deadline, lastActivity &+ silence.nanosecondsClamped) }
            return deadline
        }

        /// What happens by the clock: the idle gap ends a frame, a job times out, the port is
        /// silent, the path is checked.
        private mutating func passTime(to now: UInt64) {
            framer.expire(at: now, into: &frames)
            if !frames.isEmpty { deliverFrames() }
            if let job = current, now >= job.deadline {
                counters.timeouts.add()
                let what = awaitingReply ? "no reply within \(job.timeout)" : "the port did not take the bytes within \(job.timeout) (flow control holding them?)"
                job.complete(.failed(SerialError(.timeout, "\(options.path): \(what)")))
                current = nil
                awaitingReply = false
            }
            if let silence = options.silence, !silentReported, now >= lastActivity &+ silence.nanosecondsClamped {
                silentReported = true
                post(.silent(seconds: Double(silence.nanosecondsClamped) / 1e9))
            }
            if now >= nextPathCheck {
                nextPathCheck = now &+ options.pathCheckInterval.nanosecondsClamped
                if let why = port?.vanished() { lose(why, at: now) }
            }
        }
    }
}

/// Logs at most once a second, with how many were left out since.
struct RateLimitedLog {
    private var last: UInt64 = 0
    private(set) var suppressed = 0

    /// Whether to log now; if so, ``suppressed`` says how many were not logged before.
    mutating func shouldLog(at now: UInt64) -> Int? {
        if last != 0 && now &- last < 1_000_000_000 {
            suppressed += 1
            return nil
        }
        last = now
        defer { suppressed = 0 }
        return suppressed
    }
}
