import LooselyCoupled

/// The bus as the module's thread uses it: the adapter (opened on demand, released after
/// `keepOpen` without use), the devices' hardware side, and the schedule of their polls.
///
/// Owned by the ``I2CModule`` actor, which runs on a ``ModuleThread`` of its own: every transfer,
/// the calls' and the polls', runs there in turn, so nothing blocking sits on the Swift
/// concurrency pool and no two transfers of the module overlap. Not `Sendable`: only that
/// actor touches it.
final class I2CBus {
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

    private let bus: BusSpec
    private let backend: any I2CBackend
    private let maximumMessageLength: Int
    private let keepOpen: UInt64
    private var adapter: (any I2CAdapter)?
    /// `CLOCK_MONOTONIC` of the last transfer; `.max` once the adapter was released.
    private var lastUse: UInt64 = 0
    private var devices: [String: BusDevice]
    private(set) var tasks: [PollTask]

    init(bus: BusSpec, backend: any I2CBackend, maximumMessageLength: Int, keepOpen: Duration, devices: [DeviceSpec]) {
        self.bus = bus
        self.backend = backend
        self.maximumMessageLength = maximumMessageLength
        self.keepOpen = keepOpen.clockNanoseconds
        self.devices = Dictionary(devices.map { ($0.name, BusDevice($0)) }, uniquingKeysWith: { first, _ in first })
        self.tasks = devices.flatMap { device in
            let polls = device.pollTasks
            // A device nothing polls is still set up at start, and again after a failure.
            guard !polls.isEmpty else { return [PollTask(device: device.name, key: nil, interval: nil)] }
            return polls.map { PollTask(device: device.name, key: $0.key, interval: $0.interval) }
        }
    }

    /// Runs `body` with this bus: the calls' one way to it.
    func perform<T>(_ body: (I2CBus) throws(I2CError) -> T) throws(I2CError) -> T {
        try body(self)
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
        for index in tasks.indices
        where tasks[index].device == name && tasks[index].interval == nil && tasks[index].due == .max {
            tasks[index].due = MonotonicClock.now().saturatingAdd(tasks[index].backoff.failed().clockNanoseconds)
        }
    }

    /// Closes the adapter's descriptors.
    func close() {
        adapter?.release()
        adapter = nil
    }

    /// Runs the polls that are due at `now`, appending what they found to `reports`, and
    /// releases the adapter once it was unused for `keepOpen`. Returns when to come back:
    /// the next poll or release, `nil` for nothing scheduled.
    func runDue(now start: UInt64, into reports: inout [PollReport]) -> UInt64? {
        var now = start
        for index in tasks.indices where tasks[index].due <= now {
            // A copy: a failure re-arms other tasks of the device in `tasks`.
            var task = tasks[index]
            run(&task, now: now, into: &reports)
            tasks[index] = task
            now = MonotonicClock.now()
        }
        var next = tasks.lazy.map(\.due).min() ?? .max
        if let adapter, lastUse != .max {
            let release = lastUse.saturatingAdd(keepOpen)
            if now >= release {
                adapter.release()
                lastUse = .max
            } else {
                next = min(next, release)
            }
        }
        return next == .max ? nil : next
    }

    private func run(_ task: inout PollTask, now: UInt64, into reports: inout [PollReport]) {
        let name = task.device
        do throws(I2CError) {
            let device = try device(name)
            let io = try io()
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
                task.due = now.saturatingAdd(delay.clockNanoseconds)
                return
            case .report(let outcome):
                reports.append(PollReport(device: name, outcome: outcome, timestampNanoseconds: MonotonicClock.now()))
            case .nothing:
                // Unchanged inputs cost the module nothing, unless it must hear the device is back.
                if wasFailing {
                    reports.append(
                        PollReport(device: name, outcome: .ready, timestampNanoseconds: MonotonicClock.now()))
                }
            }
            guard let interval = task.interval else {
                task.due = .max
                return
            }
            // On the interval's grid; after a stall, the next one from now (no catching up).
            let next = task.due.saturatingAdd(interval.clockNanoseconds)
            task.due = task.due != 0 && next > now ? next : now.saturatingAdd(interval.clockNanoseconds)
        } catch {
            failed(error, device: name)
            reports.append(
                PollReport(device: name, outcome: .failed(error), timestampNanoseconds: MonotonicClock.now()))
            task.due = now.saturatingAdd(task.backoff.failed().clockNanoseconds)
        }
    }
}
