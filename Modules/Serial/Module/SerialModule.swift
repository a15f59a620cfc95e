import Logging
public import LooselyCoupled

/// The `serial` module type: one RS232 or USB-serial port, its received bytes cut into frames
/// and broadcast as events, writes and request/response, and reopening after an unplug.
///
/// The port is opened through the backend (termios in ``HardwareSerial``, a scripted device in
/// ``SimulatedSerial``), its bytes are framed by ``Framer``, and writes and requests are done one
/// at a time by ``PortJobs``, so replies are never crossed. A lost port is reopened with
/// exponential backoff, following its path's symlinks anew each time.
///
/// Methods: `write {data, timeout?}`, `write_line {text, timeout?}`, `request {data | line,
/// expect?, timeout?}`, `status`; with the simulated backend also `simulate {data | connected}`.
/// Events: `serial_frame {module, data, timestamp_ns}` (and `cut: true` for a frame cut at
/// `max_frame`), `serial_connected {module, device, resolved}`, `serial_disconnected {module,
/// device, resolved, reason}`, `serial_silent {module, seconds}`. Entities: the `binary_sensor`
/// `MODULE.connected` and the `sensor` `MODULE.last_frame`.
///
/// Threads: the module runs on a ``ModuleThread`` of its own, which waits in one `ppoll` for the
/// port's descriptor and the module's one timer (the idle gap's end, a write's or reply's
/// deadline, the silence timeout, the next reopen attempt). Bytes from the device wake that
/// thread once; they are read, framed and sent as events there, in the module's isolation.
public actor SerialModule: ConfiguredModule {
    /// The `type:` name in the config.
    public static let typeName = "serial"

    /// How long `write` and `write_line` wait for the port to take their bytes, unless the call
    /// says otherwise: at 9600 baud a full 4 KiB output buffer drains in about 4 s.
    static let defaultWriteTimeout = Duration.seconds(5)
    /// How long `request` waits for its reply (from the moment it was made), unless it says.
    static let defaultRequestTimeout = Duration.seconds(1)
    /// The most one read takes from the port.
    static let readSize = 64 << 10

    let context: ModuleContext
    let configuration: SerialConfiguration
    let backend: any SerialBackend
    /// The thread the module runs on, waits for the port on, and keeps its timer on.
    nonisolated let thread: ModuleThread

    /// Runs the module's jobs on ``thread``.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { thread.unownedExecutor }
    /// Brings the module's tasks back to ``thread`` when another thread resumes them.
    public nonisolated var taskExecutor: (any TaskExecutor)? { thread.taskExecutor }

    // The port: see SerialModule+Port.swift.
    var port: (any SerialPort)?
    var backoff: ReconnectBackoff
    /// While the port is closed: when the next attempt to reopen it is due.
    var nextAttempt: UInt64?
    /// While the port is closed: why.
    var reason = "not opened yet"
    var counters = PortCounters()
    /// The device the configured path led to at the last open, and the settings read back then.
    var resolved: String?
    var settings: SerialSettings?
    var isActive = false

    // Reading: see SerialModule+Reading.swift.
    var framer: Framer
    var readWatch: ModuleThread.Watch?
    /// Whether the read watch waits for the events of the last read to be sent before it resumes.
    var readPending = false
    /// Counts opens of the port, so that what its watches posted for an earlier one is ignored.
    var portGeneration = 0
    var readBuffer = [UInt8](repeating: 0, count: SerialModule.readSize)
    var rawFrames: [RawFrame] = []
    var cutLog = RateLimitedLog()
    /// When the last byte arrived (or the port opened), for the silence timeout.
    var lastActivity: UInt64 = 0
    var silentReported = false
    var lastFrame: String?

    // Writing: see SerialModule+Writing.swift.
    var jobs = PortJobs()
    var writeWatch: ModuleThread.Watch?

    // The one timer: see SerialModule+Clock.swift.
    nonisolated let tick: @Sendable () -> Bool

    /// Events and entity states in the order they happened: see SerialModule+Events.swift.
    let outbox = ModuleOutbox()

    /// Reads the validated config; `backend: simulated` makes a scripted device from `simulate:`.
    ///
    /// - Throws: `invalid_arguments` for a config that skipped validation, ``SerialError`` when
    ///   the module's thread cannot start.
    public init(context: ModuleContext) throws {
        let configuration = try SerialConfiguration(context)
        let backend: any SerialBackend
        switch configuration.backend {
        case .hardware:
            backend = HardwareSerial()
        case .simulated:
            do {
                backend = try SimulatedSerial(
                    replies: configuration.simulate.replies, encoding: configuration.encoding,
                    framing: configuration.framing)
            } catch {
                throw CallError(.invalidArguments, "\(context.name): simulate.replies: \(error)")
            }
        }
        try self.init(context: context, configuration: configuration, backend: backend)
    }

    /// A module on `backend`, whatever the config's `backend` says: for tests and benchmarks.
    public init(context: ModuleContext, backend: any SerialBackend) throws {
        try self.init(context: context, configuration: try SerialConfiguration(context), backend: backend)
    }

    private init(context: ModuleContext, configuration: SerialConfiguration, backend: any SerialBackend) throws {
        do {
            thread = try ModuleThread(name: "serial-\(context.name)")
        } catch {
            throw SerialError(.system, "cannot start the module's thread (\(error.operation))", errno: error.errno)
        }
        self.context = context
        self.configuration = configuration
        self.backend = backend
        self.tick = Self.tick(posting: context)
        self.framer = Framer(framing: configuration.framing, maxFrame: configuration.maxFrame)
        self.backoff = ReconnectBackoff(
            initial: configuration.reconnect.initial.duration, max: configuration.reconnect.max.duration)
    }

    /// The methods, event handlers and jobs of the module type (see ``Module/interface``).
    public static let interface = ModuleInterface<SerialModule> {
        Method("write") { (module, arguments: WriteArguments) in try await module.write(arguments) }
        Method("write_line") { (module, arguments: WriteLineArguments) in try await module.writeLine(arguments) }
        Method("request") { (module, arguments: RequestArguments) in try await module.request(arguments) }
        Method("status") { module in module.status() }
        Method("simulate") { (module, arguments: SimulateArguments) in try module.simulate(arguments) }
        // First right after activation, when the module may send (inside `activate` it may not
        // yet): it starts reading and sends `serial_connected`. Then once a second: a
        // /dev/serial/by-id link that vanished, or leads elsewhere now, counts as an unplug.
        Every(.seconds(1), "check the port") { module in await module.checkPort() }
    }

    // MARK: Lifecycle

    /// Opens the port and declares the entities; what the device sends waits in the driver
    /// until the module is active.
    ///
    /// - Throws: ``SerialError``: the device is missing, busy (naming who holds it), not a
    ///   serial port, not accessible, or its driver did not take a setting (naming it).
    public func start() async throws {
        try context.declare(Self.declaredEntities)
        let opened = try backend.open(
            configuration.device, settings: configuration.settings, exclusive: configuration.exclusive)
        adopt(opened, at: MonotonicClock.now())
        try await context.setState(Self.connectedKey, "on", attributes: connectedAttributes())
        context.logger.debug(
            "serial port open",
            metadata: [
                "serial.device": "\(configuration.device)", "serial.resolved": "\(opened.device)",
                "settings": "\(opened.settings)", "backend": "\(backend.name)",
            ])
    }

    /// Lets the module send: its repeating job starts reading right away (see ``interface``).
    public func activate() async {
        isActive = true
    }

    /// Stops reading and the timer; what arrives meanwhile waits in the driver.
    public func deactivate() async {
        isActive = false
        stopReading()
        thread.cancelTimer()
    }

    /// Closes the port; writes and requests still waiting fail with `discarded`.
    public func stop() async {
        thread.cancelTimer()
        close()
        jobs.failAll(SerialError(.stopped, "\(configuration.device): the serial module stopped"))
    }
}
