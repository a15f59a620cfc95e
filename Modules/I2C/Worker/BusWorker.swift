import SystemPackage
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import LooselyCoupled
import Logging

/// The one thread of an i2c module that touches its bus: every transfer, the module's calls and
/// its devices' polls, runs here in turn, so nothing blocking sits on the Swift concurrency pool
/// and no two transfers of the module overlap.
///
/// Calls arrive as jobs (``perform(_:)``, resumed with the result); polls run on the thread's
/// own schedule, and what they find goes to `deliver` in batches. A device that fails is
/// reported and retried with ``RetryBackoff``; the bus is released after `keepOpen` without use.
final class BusWorker: Sendable {
    /// What a job sees: the bus (opened on demand) and the devices' hardware side.
    final class Context {
        fileprivate let bus: BusSpec
        fileprivate let backend: any I2CBackend
        fileprivate let maximumMessageLength: Int
        fileprivate var adapter: (any I2CAdapter)?
        fileprivate var lastUse: UInt64 = 0
        fileprivate var devices: [String: BusDevice]
        fileprivate var tasks: [PollTask]

        fileprivate init(bus: BusSpec, backend: any I2CBackend, maximumMessageLength: Int, devices: [DeviceSpec]) {
            self.bus = bus
            self.backend = backend
            self.maximumMessageLength = maximumMessageLength
            self.devices = Dictionary(devices.map { ($0.name, BusDevice($0)) }, uniquingKeysWith: { first, _ in first })
            self.tasks = devices.flatMap { device in
                let polls = device.pollTasks
                // A device nothing polls is still set up at start, and again after a failure.
                guard !polls.isEmpty else { return [PollTask(device: device.name, key: nil, interval: nil)] }
                return polls.map { PollTask(device: device.name, key: $0.key, interval: $0.interval) }
            }
        }

        /// The bus, opened (and its path resolved) if it is not.
        ///
        /// - Throws: ``I2CError``: the bus is missing or may not be opened.
        func io() throws(I2CError) -> I2CBusIO {
            lastUse = MonotonicClock.now()
            if let adapter { return I2CBusIO(adapter: adapter, maximumMessageLength: maximumMessageLength) }
            let path = try bus.resolve(among: backend.buses())
            let opened = try backend.open(path: path)
            adapter = opened
            return I2CBusIO(adapter: opened, maximumMessageLength: maximumMessageLength)
        }

        /// The hardware side of the device named `name`.
        func device(_ name: String) throws(I2CError) -> BusDevice {
            guard let device = devices[name] else { throw I2CError(.invalidArguments, "no device '\(name)'") }
            return device
        }

        /// After a failed transfer: close the bus's descriptors (they may be stale, and a
        /// vanished bus is found again by name), and have the device set up again.
        func failed(_ error: I2CError, device name: String?) {
            adapter?.release()
            if error.code == .busNotFound { adapter = nil }
            guard let name, let device = devices[name] else { return }
            device.reset()
            // A device that nothing polls gets its set-up retried, so its recovery is noticed.
            for index in tasks.indices where tasks[index].device == name && tasks[index].interval == nil && tasks[index].due == .max {
                tasks[index].due = MonotonicClock.now() + tasks[index].backoff.failed().nanoseconds
            }
        }
    }

    /// One scheduled poll.
    struct PollTask {
        var device: String
        var key: String?
        /// `nil`: set up once (and after failures), never polled.
        var interval: Duration?
        var due: UInt64 = 0
        var backoff: RetryBackoff

        init(device: String, key: String?, interval: Duration?) {
            self.device = device
            self.key = key
            self.interval = interval
            self.backoff = RetryBackoff(interval: interval)
        }
    }

    private struct Shared {
        var jobs: [@Sendable (Context) -> Void] = []
        var polling = false
        var stopping = false
        var done = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let shared = Locked(Shared())
    private let wake: WakePipe
    private let thread: OSThread

    /// Starts the thread for the bus `bus` with `devices`; nothing is polled before
    /// ``startPolling()``.
    ///
    /// - Parameters:
    ///   - keepOpen: How long the bus stays open without use.
    ///   - deliver: Called on the thread with each batch of poll reports, in order.
    init(
        name: String, bus: BusSpec, backend: any I2CBackend, devices: [DeviceSpec], keepOpen: Duration, maximumMessageLength: Int,
        logger: Logger, deliver: @escaping @Sendable ([PollReport]) -> Void
    ) throws(I2CError) {
        do {
            wake = try WakePipe()
        } catch {
            throw I2CError(.system, "cannot create the bus worker's wake-up pipe", errno: .init(rawValue: error.errno))
        }
        let shared = shared
        let wake = wake
        do {
            thread = try OSThread.spawn(name: name) {
                let context = Context(bus: bus, backend: backend, maximumMessageLength: maximumMessageLength, devices: devices)
                Self.run(context: context, shared: shared, wake: wake, keepOpen: keepOpen.nanoseconds, logger: logger, deliver: deliver)
            }
        } catch {
            throw I2CError(.system, "cannot start the bus worker thread", errno: .init(rawValue: error.errno))
        }
    }

    deinit {
        shared.withLock { $0.stopping = true }
        wake.signal()
    }

    /// Runs `body` on the worker thread and returns its result.
    ///
    /// - Throws: What `body` throws, or `system` if the worker has stopped.
    func perform<T: Sendable>(_ body: @escaping @Sendable (Context) throws(I2CError) -> T) async throws(I2CError) -> T {
        let result: Result<T, I2CError> = await withCheckedContinuation { continuation in
            let accepted = shared.withLock { shared -> Bool in
                guard !shared.stopping else { return false }
                shared.jobs.append { context in
                    do throws(I2CError) {
                        continuation.resume(returning: .success(try body(context)))
                    } catch {
                        continuation.resume(returning: .failure(error))
                    }
                }
                return true
            }
            if accepted {
                wake.signal()
            } else {
                continuation.resume(returning: .failure(I2CError(.system, "the I2C bus worker has stopped")))
            }
        }
        return try result.get()
    }

    /// Starts the devices' polls (at once, then on their intervals).
    func startPolling() {
        shared.withLock { $0.polling = true }
        wake.signal()
    }

    /// Ends the thread, which closes the bus; returns once it has.
    func stop() async {
        shared.withLock { $0.stopping = true }
        wake.signal()
        await withCheckedContinuation { continuation in
            let done = shared.withLock { shared in
                if shared.done { return true }
                shared.waiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
        thread.join()
    }

    // MARK: The thread

    private static func run(
        context: Context, shared: Locked<Shared>, wake: WakePipe, keepOpen: UInt64, logger: Logger, deliver: @Sendable ([PollReport]) -> Void
    ) {
        var reports: [PollReport] = []
        while true {
            let (jobs, polling, stopping) = shared.withLock { shared in
                defer { shared.jobs = [] }
                return (shared.jobs, shared.polling, shared.stopping)
            }
            for job in jobs { job(context) }
            if stopping { break }
            var now = MonotonicClock.now()
            if polling {
                for index in context.tasks.indices where context.tasks[index].due <= now {
                    // A copy: a failure re-arms other tasks of the device in `context.tasks`.
                    var task = context.tasks[index]
                    runTask(&task, context: context, now: now, into: &reports)
                    context.tasks[index] = task
                    now = MonotonicClock.now()
                }
                if !reports.isEmpty {
                    deliver(reports)
                    reports.removeAll(keepingCapacity: true)
                }
            }
            var next = polling ? context.tasks.lazy.map(\.due).min() ?? .max : .max
            if let adapter = context.adapter {
                if now >= context.lastUse + keepOpen {
                    adapter.release()
                    context.lastUse = .max
                } else if context.lastUse != .max {
                    next = min(next, context.lastUse + keepOpen)
                }
            }
            let timeout: Int32 = next == .max ? -1 : Int32(clamping: (next > now ? next - now + 999_999 : 0) / 1_000_000)
            var descriptor = pollfd(fd: wake.readDescriptor, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, timeout) < 0 && errno != EINTR {
                let failure = Errno(rawValue: errno)
                logger.critical("the I2C bus worker cannot wait; polls stop", metadata: ["errno": "\(failure.rawValue)", "error": "\(failure)"])
                break
            }
            if descriptor.revents != 0 { wake.drain() }
        }
        context.adapter?.release()
        context.adapter = nil
        // Calls that arrived while stopping get an answer too.
        let (late, waiters) = shared.withLock { shared in
            shared.done = true
            shared.stopping = true
            defer { shared.jobs = []; shared.waiters = [] }
            return (shared.jobs, shared.waiters)
        }
        for job in late { job(context) }
        for waiter in waiters { waiter.resume() }
    }

    private static func runTask(_ task: inout PollTask, context: Context, now: UInt64, into reports: inout [PollReport]) {
        let name = task.device
        do throws(I2CError) {
            let device = try context.device(name)
            let io = try context.io()
            let step: BusDevice.Step
            if task.interval == nil {
                try device.setUp(io)
                step = .report(.ready)
            } else {
                step = try device.poll(io, key: task.key)
            }
            let wasFailing = task.backoff.failures > 0
            task.backoff.succeeded()
            switch step {
            case .again(let delay):
                task.due = now + delay.nanoseconds
                return
            case .report(let outcome):
                reports.append(PollReport(device: name, outcome: outcome, timestampNanoseconds: MonotonicClock.now()))
            case .nothing:
                // Unchanged inputs cost the module nothing, unless it must hear the device is back.
                if wasFailing { reports.append(PollReport(device: name, outcome: .ready, timestampNanoseconds: MonotonicClock.now())) }
            }
            guard let interval = task.interval else {
                task.due = .max
                return
            }
            // On the interval's grid; after a stall, the next one from now (no catching up).
            let next = task.due &+ interval.nanoseconds
            task.due = task.due != 0 && next > now ? next : now + interval.nanoseconds
        } catch {
            context.failed(error, device: name)
            reports.append(PollReport(device: name, outcome: .failed(error), timestampNanoseconds: MonotonicClock.now()))
            task.due = now + task.backoff.failed().nanoseconds
        }
    }
}

extension Duration {
    /// Whole nanoseconds, for `CLOCK_MONOTONIC` arithmetic (negative durations count as zero).
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
