public import LooselyCoupled
import Logging
import Synchronization

/// The `i2c` module type: sensors, expanders and raw registers on one I2C bus.
///
/// Raw access on any address (`read_byte`, `write_byte`, `read_byte_data`, `write_byte_data`,
/// `read_word_data`, `write_word_data`, `read_block`, `write_block`, `transfer`), a safe
/// `scan`, and per device `read {device}`, `set {device, pin, value}` and `get {device, pin}`;
/// with the simulated backend also `simulate`. Events: `i2c_reading`, `i2c_input`,
/// `i2c_error` and `i2c_recovered`, each naming the `module` and its `device`.
///
/// Threads: one ``BusWorker`` thread per module owns the bus and runs every transfer, the
/// calls' and the polls'; poll results come to this actor through ``handOff(_:to:dropped:logger:)``.
/// A device that fails is reported and retried with backoff; the module itself keeps running.
public actor I2CModule: Module {
    /// The `type:` name in the config.
    public static let typeName = "i2c"

    let context: ModuleContext
    let configuration: I2CConfiguration
    let backend: any I2CBackend
    let simulator: SimulatedI2C?
    let specs: [DeviceSpec]

    var worker: BusWorker?
    /// The bus's device path and functionality, once started.
    var path = ""
    var functionality: I2CFunctionality = []
    /// Every device's state, by name: see ``DeviceState``.
    var devices: [String: DeviceState] = [:]
    var isActive = false

    let inbox: (stream: AsyncStream<[PollReport]>, continuation: AsyncStream<[PollReport]>.Continuation)
    var inboxTask: Task<Void, Never>?
    /// Poll batches the inbox could not take (it holds ``inboxCapacity``); counted and logged.
    let droppedBatches = DropCounter()
    static let inboxCapacity = 1024

    /// Reads the validated config; `backend: simulated` uses ``SimulatedI2C/shared``.
    ///
    /// - Throws: `invalid_arguments` for a config that skipped validation.
    public init(context: ModuleContext) throws {
        try self.init(context: context, simulator: .shared)
    }

    /// Reads the validated config; `backend: simulated` uses `simulator`, so tests and
    /// benchmarks get buses of their own.
    public init(context: ModuleContext, simulator: SimulatedI2C) throws {
        let configuration = try Self.configuration(context.config)
        self.init(context: context, configuration: configuration, backend: configuration.backend == .simulated ? simulator : HardwareI2C())
    }

    /// A module on `backend` whatever the config's `backend` says.
    init(context: ModuleContext, backend: any I2CBackend) throws {
        self.init(context: context, configuration: try Self.configuration(context.config), backend: backend)
    }

    private init(context: ModuleContext, configuration: I2CConfiguration, backend: any I2CBackend) {
        self.context = context
        self.configuration = configuration
        self.backend = backend
        self.simulator = backend as? SimulatedI2C
        self.specs = configuration.deviceSpecs
        self.inbox = AsyncStream.makeStream(of: [PollReport].self, bufferingPolicy: .bufferingOldest(Self.inboxCapacity))
        for spec in specs { devices[spec.name] = DeviceState(spec: spec) }
    }

    private static func configuration(_ config: Value) throws(CallError) -> I2CConfiguration {
        do {
            return try config.decode(I2CConfiguration.self)
        } catch {
            throw CallError(.invalidArguments, "invalid i2c config: \(error)")
        }
    }

    public static let interface = ModuleInterface<I2CModule> {
        Method("read_byte") { module, arguments in try await module.readByte(arguments) }
        Method("write_byte") { module, arguments in try await module.writeByte(arguments) }
        Method("read_byte_data") { module, arguments in try await module.readByteData(arguments) }
        Method("write_byte_data") { module, arguments in try await module.writeByteData(arguments) }
        Method("read_word_data") { module, arguments in try await module.readWordData(arguments) }
        Method("write_word_data") { module, arguments in try await module.writeWordData(arguments) }
        Method("read_block") { module, arguments in try await module.readBlock(arguments) }
        Method("write_block") { module, arguments in try await module.writeBlock(arguments) }
        Method("transfer") { module, arguments in try await module.transfer(arguments) }
        Method("scan") { module, arguments in try await module.scan(arguments) }
        Method("read") { module, arguments in try await module.read(arguments) }
        Method("set") { module, arguments in try await module.set(arguments) }
        Method("get") { module, arguments in try await module.get(arguments) }
        Method("list") { module, _ in module.list() }
        Method("simulate") { module, arguments in try module.simulate(arguments) }
    }

    // MARK: Lifecycle

    /// Opens the bus on its worker thread (reading its functionality) and starts the polls;
    /// devices are set up by their first poll, so one that does not answer reports `i2c_error`
    /// and is retried, while the module runs.
    ///
    /// - Throws: ``I2CError`` when the bus itself cannot be opened: missing (with how to enable
    ///   I2C), or access denied (with the group the user needs).
    public func start() async throws {
        if let simulator { populate(simulator) }
        let continuation = inbox.continuation
        let dropped = droppedBatches
        let logger = context.logger
        let worker = try BusWorker(
            name: "i2c-\(context.name)", bus: configuration.bus.spec, backend: backend, devices: specs,
            keepOpen: .nanoseconds(Int64((configuration.keepOpen * 1e9).rounded())), maximumMessageLength: configuration.maxTransfer,
            logger: logger
        ) { reports in
            Self.handOff(reports, to: continuation, dropped: dropped, logger: logger)
        }
        do {
            (path, functionality) = try await worker.perform { context throws(I2CError) in
                let io = try context.io()
                return (io.path, io.adapter.functionality)
            }
        } catch {
            await worker.stop()
            throw error
        }
        self.worker = worker
        let stream = inbox.stream
        inboxTask = Task {
            for await reports in stream { await self.receive(reports) }
        }
        worker.startPolling()
        context.logger.debug(
            "i2c bus open", metadata: ["i2c.bus": "\(path)", "functionality": "\(functionality)", "devices": "\(specs.count)", "backend": "\(backend.name)"])
    }

    /// Sends the `i2c_error` of devices that failed before the module could send.
    public func activate() async {
        isActive = true
        for name in devices.keys.sorted() where devices[name]?.errorPending == true {
            devices[name]?.errorPending = false
            if let state = devices[name], let error = state.error { await sendError(state, error) }
        }
    }

    public func deactivate() async {
        isActive = false
    }

    /// Ends the worker thread, which closes the bus, and the inbox.
    public func stop() async {
        await worker?.stop()
        worker = nil
        inbox.continuation.finish()
        await inboxTask?.value
        inboxTask = nil
    }

    /// The one hand-off of poll reports from the bus worker thread to this actor. It runs on the
    /// worker; a full inbox drops the batch, counted and logged.
    nonisolated static func handOff(
        _ reports: [PollReport], to inbox: AsyncStream<[PollReport]>.Continuation, dropped: DropCounter, logger: Logger
    ) {
        if case .dropped = inbox.yield(reports) {
            let total = dropped.increment()
            logger.error("the module is behind its polls; a batch of poll results was dropped", metadata: ["reports": "\(reports.count)", "dropped_total": "\(total)"])
        }
    }

    /// How many poll batches were dropped.
    final class DropCounter: Sendable {
        private let count = Atomic<Int>(0)
        /// Counts one more; returns the total.
        func increment() -> Int { count.add(1, ordering: .relaxed).newValue }
        var total: Int { count.load(ordering: .relaxed) }
    }

    /// The worker, or `module_not_ready` before start.
    func bus() throws(CallError) -> BusWorker {
        guard let worker else { throw CallError(.moduleNotReady, "\(context.name): the bus is not open") }
        return worker
    }
}
