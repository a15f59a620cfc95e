public import LooselyCoupled
import Logging

/// The `serial` module type: one RS232 or USB-serial port, its received bytes cut into frames
/// and broadcast as events, writes and request/response, and reopening after an unplug.
///
/// The port belongs to a thread of its own (``PortWorker``): it opens the port through the
/// backend (termios in ``HardwareSerial``, a scripted device in ``SimulatedSerial``), polls it,
/// frames what arrives with ``Framer``, writes what the methods submit, matches replies to
/// requests, and reopens the port with exponential backoff when it is lost. This actor turns
/// what the thread reports into events and keeps the port's observable state.
///
/// Methods: `write {data, timeout?}`, `write_line {text, timeout?}`, `request {data | line,
/// expect?, timeout?}`, `status`; with the simulated backend also `simulate {data | connected}`.
/// Events: `serial_frame {module, data, timestamp_ns}` (and `cut: true` for a frame cut at
/// `max_frame`), `serial_connected {module, device, resolved}`, `serial_disconnected {module,
/// device, resolved, reason}`, `serial_silent {module, seconds}`.
public actor SerialModule: Module {
    /// The `type:` name in the config.
    public static let typeName = "serial"

    /// How long `write` and `write_line` wait for the port to take their bytes, unless the call
    /// says otherwise: at 9600 baud a full 4 KiB output buffer drains in about 4 s.
    static let defaultWriteTimeout = Duration.seconds(5)
    /// How long `request` waits for its reply (from the moment it was made), unless it says.
    static let defaultRequestTimeout = Duration.seconds(1)

    let context: ModuleContext
    let configuration: SerialConfiguration
    let backend: any SerialBackend
    /// Proves that a `_notices` call comes from this instance's port thread.
    let token = Int.random(in: 1...Int.max)

    var worker: PortWorker?
    var isActive = false
    /// What the port looks like from outside, in one place: `connected` and `last_frame` are
    /// the entities `MODULE.connected` and `MODULE.last_frame` (DESIGN §2b, issue 12).
    var link = Link()

    // Events in the order they happened: see SerialModule+Notices.swift.
    var outbox: [(name: String, payload: Value)] = []
    var isFlushing = false

    /// The port as the module last heard of it.
    struct Link: Sendable {
        var connected = false
        /// The device the configured path led to at the last open.
        var resolved: String?
        /// The settings read back at the last open.
        var settings: SerialSettings?
        /// Why the port closed, while it is closed.
        var reason: String?
        /// The data of the last frame received.
        var lastFrame: String?
    }

    /// Reads the validated config; `backend: simulated` makes a scripted device from `simulate:`.
    ///
    /// - Throws: `invalid_arguments` for a config that skipped validation.
    public init(context: ModuleContext) throws {
        let configuration = try Self.configuration(context)
        let backend: any SerialBackend
        switch configuration.backend {
        case .hardware:
            backend = HardwareSerial()
        case .simulated:
            do {
                backend = try SimulatedSerial(replies: configuration.simulate.replies, encoding: configuration.encoding, framing: configuration.framing)
            } catch {
                throw CallError(.invalidArguments, "\(context.name): simulate.replies: \(error)")
            }
        }
        self.init(context: context, configuration: configuration, backend: backend)
    }

    /// A module on `backend`, whatever the config's `backend` says: for tests and benchmarks.
    public init(context: ModuleContext, backend: any SerialBackend) throws {
        self.init(context: context, configuration: try Self.configuration(context), backend: backend)
    }

    private init(context: ModuleContext, configuration: SerialConfiguration, backend: any SerialBackend) {
        self.context = context
        self.configuration = configuration
        self.backend = backend
    }

    private static func configuration(_ context: ModuleContext) throws(CallError) -> SerialConfiguration {
        do {
            return try context.config.decode(SerialConfiguration.self)
        } catch {
            throw CallError(.invalidArguments, "\(context.name): \(error)")
        }
    }

    public static let interface = ModuleInterface<SerialModule> {
        Method("write") { module, arguments in try await module.write(arguments) }
        Method("write_line") { module, arguments in try await module.writeLine(arguments) }
        Method("request") { module, arguments in try await module.request(arguments) }
        Method("status") { module, _ in module.status() }
        Method("simulate") { module, arguments in try module.simulate(arguments) }
        Method("_notices") { module, arguments in try await module.receiveNotices(arguments) }
        // Runs first right after activation, when the module may send (inside `activate` it may
        // not yet): serial_connected and what arrived before go out then. Later runs pick up
        // what a failed hand-off (a queue full for too long) left behind.
        Every(.seconds(1), "take notices") { module in await module.takeNotices() }
    }

    // MARK: Lifecycle

    /// Opens the port (on the port thread) and starts serving it; what arrives before the
    /// module is active waits for it.
    ///
    /// - Throws: ``SerialError``: the device is missing, busy (naming who holds it), not a
    ///   serial port, not accessible, or its driver did not take a setting (naming it).
    public func start() async throws {
        let options = PortWorker.Options(
            path: configuration.device, settings: configuration.settings, exclusive: configuration.exclusive,
            framing: configuration.framing, maxFrame: configuration.maxFrame, encoding: configuration.encoding,
            reconnect: (configuration.reconnect.initial.duration, configuration.reconnect.max.duration),
            silence: configuration.silenceTimeout?.duration)
        let (worker, connection) = try await PortWorker.start(
            backend: backend, options: options, name: "serial-\(context.name)", logger: context.logger,
            handOff: Self.handOff(context: context, token: token))
        self.worker = worker
        connected(connection)
        context.logger.debug(
            "serial port open",
            metadata: ["serial.device": "\(configuration.device)", "serial.resolved": "\(connection.device)", "settings": "\(connection.settings)", "backend": "\(backend.name)"])
    }

    public func activate() async {
        isActive = true
    }

    public func deactivate() async {
        isActive = false
    }

    /// Stops the port thread and closes the port; writes and requests still waiting fail.
    public func stop() async {
        await worker?.stop()
        worker = nil
    }

    /// How the port thread asks this actor to take its notices: a queued internal call, the
    /// way a plain thread reaches an actor in this daemon. The one place that says so.
    static func handOff(context: ModuleContext, token: Int) -> @Sendable () -> Bool {
        let target = "\(context.name)._notices"
        return {
            do throws(CallError) {
                try context.enqueue(target, ["token": .int(token)], priority: .high)
                return true
            } catch {
                let level: Logger.Level = error.code == .senderNotActive ? .debug : .error
                context.logger.log(level: level, "cannot hand serial frames to the module", metadata: ["error": "\(error)"])
                return false
            }
        }
    }
}
