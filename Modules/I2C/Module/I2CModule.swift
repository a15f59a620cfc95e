import Logging
public import LooselyCoupled

/// The `i2c` module type: sensors, expanders and raw registers on one I2C bus.
///
/// Raw access on any address (`read_byte`, `write_byte`, `read_byte_data`, `write_byte_data`,
/// `read_word_data`, `write_word_data`, `read_block`, `write_block`, `transfer`), a safe
/// `scan`, and per device `read {device}`, `set {device, pin, value}` and `get {device, pin}`;
/// with the simulated backend also `simulate`. Events: `i2c_reading`, `i2c_input`,
/// `i2c_error` and `i2c_recovered`, each naming the `module` and its `device`. Entities: a
/// BME280's three `sensor`s, an expander's inputs as `binary_sensor`s and outputs as
/// `switch`es, a raw device's registers as `sensor`s (see I2CModule+Entities.swift).
///
/// Threads: the module runs on a ``ModuleThread`` of its own, which owns the bus: every
/// transfer, the calls' and the polls', runs there in the module's isolation, one at a time, off
/// the cooperative pool. The thread's timer wakes it when the next poll is due, and posts the
/// poll to the module's mailbox. A device that fails is reported and retried with backoff; the
/// module itself keeps running.
public actor I2CModule: ConfiguredModule {
    /// The `type:` name in the config.
    public static let typeName = "i2c"

    let context: ModuleContext
    let configuration: I2CConfiguration
    let backend: any I2CBackend
    let simulator: SimulatedI2C?
    let specs: [DeviceSpec]
    /// The thread the module runs on, does its transfers on, and keeps its timer on.
    nonisolated let thread: ModuleThread

    /// Runs the module's jobs on ``thread``.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { thread.unownedExecutor }
    /// Brings the module's tasks back to ``thread`` when another thread resumes them.
    public nonisolated var taskExecutor: (any TaskExecutor)? { thread.taskExecutor }

    /// The bus, from start to stop.
    var bus: I2CBus?
    /// The bus's device path and functionality, once started.
    var path = ""
    var functionality: I2CFunctionality = []
    /// Every device's state, by name: see ``DeviceState``.
    var devices: [String: DeviceState] = [:]
    var isActive = false

    /// What the timer does when it fires, made once: posts ``poll()``.
    nonisolated let tick: @Sendable () -> Bool
    /// Where the timer points, while it is set.
    var nextWake: UInt64?
    /// The polls' reports, reused from one poll to the next.
    var reports: [PollReport] = []
    /// Whether a device failed while the module could not send (see ``DeviceState/errorPending``).
    var errorsPending = false

    /// Events and entity states in the order they happened: see I2CModule+Events.swift.
    let outbox = ModuleOutbox()

    /// Reads the validated config; `backend: simulated` uses ``SimulatedI2C/shared``.
    ///
    /// - Throws: `invalid_arguments` for a config that skipped validation, ``I2CError`` when the
    ///   module's thread cannot start.
    public init(context: ModuleContext) throws {
        try self.init(context: context, simulator: .shared)
    }

    /// Reads the validated config; `backend: simulated` uses `simulator`, so tests and
    /// benchmarks get buses of their own.
    public init(context: ModuleContext, simulator: SimulatedI2C) throws {
        let configuration = try Self.configuration(context.config)
        try self.init(
            context: context, configuration: configuration,
            backend: configuration.backend == .simulated ? simulator : HardwareI2C())
    }

    /// A module on `backend` whatever the config's `backend` says.
    init(context: ModuleContext, backend: any I2CBackend) throws {
        try self.init(context: context, configuration: try Self.configuration(context.config), backend: backend)
    }

    private init(context: ModuleContext, configuration: I2CConfiguration, backend: any I2CBackend) throws {
        do {
            thread = try ModuleThread(name: "i2c-\(context.name)")
        } catch {
            throw I2CError(.system, "cannot start the module's thread (\(error.operation))", errno: error.errno)
        }
        self.context = context
        self.configuration = configuration
        self.backend = backend
        self.simulator = backend as? SimulatedI2C
        self.specs = configuration.deviceSpecs
        self.tick = Self.tick(posting: context)
        for spec in specs { devices[spec.name] = DeviceState(spec: spec) }
    }

    static func configuration(_ config: Value) throws(CallError) -> I2CConfiguration {
        do {
            return try config.decode(I2CConfiguration.self)
        } catch {
            throw CallError(.invalidArguments, "invalid i2c config: \(error)")
        }
    }

    /// The methods of the module type (see ``Module/interface``).
    public static let interface = ModuleInterface<I2CModule> {
        Method("read_byte") { (module, arguments: I2CArguments.Address) in try module.readByte(arguments) }
        Method("write_byte") { (module, arguments: I2CArguments.AddressValue) in try module.writeByte(arguments) }
        Method("read_byte_data") { (module, arguments: I2CArguments.Register) in try module.readByteData(arguments) }
        Method("write_byte_data") { (module, arguments: I2CArguments.RegisterValue) in
            try module.writeByteData(arguments)
        }
        Method("read_word_data") { (module, arguments: I2CArguments.Register) in try module.readWordData(arguments) }
        Method("write_word_data") { (module, arguments: I2CArguments.RegisterValue) in
            try module.writeWordData(arguments)
        }
        Method("read_block") { (module, arguments: I2CArguments.ReadBlock) in try module.readBlock(arguments) }
        Method("write_block") { (module, arguments: I2CArguments.WriteBlock) in try module.writeBlock(arguments) }
        Method("transfer") { (module, arguments: I2CArguments.Transfer) in try module.transfer(arguments) }
        Method("scan") { (module, arguments: I2CArguments.Scan) in try module.scan(arguments) }
        Method("read") { (module, arguments: I2CArguments.Device) in try await module.read(arguments) }
        Method("set") { (module, arguments: I2CArguments.SetPin) in try await module.set(arguments) }
        Method("get") { (module, arguments: I2CArguments.Pin) in try await module.get(arguments) }
        Method("list") { module in module.list() }
        Method("simulate") { (module, arguments: I2CArguments.Simulate) in try module.simulate(arguments) }
    }

    // MARK: Lifecycle

    /// Opens the bus (reading its functionality) and declares the entities; devices are set up
    /// by their first poll once the module is active, so one that does not answer reports
    /// `i2c_error` and is retried, while the module runs.
    ///
    /// - Throws: ``I2CError`` when the bus itself cannot be opened: missing (with how to enable
    ///   I2C), or access denied (with the group the user needs).
    public func start() async throws {
        if let simulator { populate(simulator) }
        let bus = I2CBus(
            bus: configuration.bus.spec, backend: backend, maximumMessageLength: configuration.maxTransfer,
            keepOpen: keepOpen, devices: specs)
        (path, functionality) = try bus.perform { bus throws(I2CError) in
            let io = try bus.io()
            return (io.path, io.adapter.functionality)
        }
        self.bus = bus
        try context.declare(Self.entities(of: specs))
        context.logger.debug(
            "i2c bus open",
            metadata: [
                "i2c.bus": "\(path)", "functionality": "\(functionality)", "devices": "\(specs.count)",
                "backend": "\(backend.name)",
            ])
    }

    /// Starts the polls: the first runs as soon as the module's thread is free, after
    /// activation, when the module may send (inside `activate` it may not yet); it also sends
    /// the `i2c_error` of devices that failed before.
    public func activate() async {
        isActive = true
        arm(MonotonicClock.now())
    }

    /// Stops the polls.
    public func deactivate() async {
        isActive = false
        disarm()
    }

    /// Closes the bus.
    public func stop() async {
        disarm()
        bus?.close()
        bus = nil
    }

    /// How long the bus stays open unused.
    var keepOpen: Duration { Duration(configSeconds: configuration.keepOpen) }

    /// Runs `body` with the bus: the calls' way to it. While the module is active, the timer is
    /// pointed at the bus's release if nothing comes sooner.
    ///
    /// - Throws: `module_not_ready` before start, or what `body` throws as ``callError(_:)`` gives it.
    func perform<T>(_ body: (I2CBus) throws(I2CError) -> T) throws(CallError) -> T {
        guard let bus else { throw CallError(.moduleNotReady, "\(context.name): the bus is not open") }
        defer { armRelease() }
        do {
            return try bus.perform(body)
        } catch {
            throw callError(error)
        }
    }

    /// A bus error as the caller sees it, with the ``I2CError`` as the underlying error:
    /// `invalid_arguments` for a transfer that cannot be (a 40-byte SMBus block), `no_device` for
    /// an address nobody acknowledged, `unsupported` for what the adapter cannot do, and
    /// `handler_failed` for the rest (a busy address, a timeout, a missing bus).
    func callError(_ error: I2CError) -> CallError {
        let message = "\(context.name): \(error)"
        return switch error.code {
        case .invalidArguments: CallError(.invalidArguments, message, underlying: error)
        case .noDevice: CallError(.noDevice, message, underlying: error)
        case .unsupported: CallError(.unsupported, message, underlying: error)
        default: CallError(.handlerFailed, message, underlying: error)
        }
    }
}

extension CallError.Code {
    /// No device acknowledged the I2C address (errno 121 or `ENXIO`): check wiring, address and pull-ups.
    public static let noDevice = CallError.Code(named: "no_device")
    /// The I2C adapter cannot do the transfer asked for (its `I2C_FUNCS` lack it).
    public static let unsupported = CallError.Code(named: "unsupported")
}
