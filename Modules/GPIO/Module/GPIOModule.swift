import Logging
public import LooselyCoupled

/// The `gpio` module type: buttons and relays on the lines of one GPIO chip.
///
/// Inputs are debounced and recognised as presses, clicks, double and multi clicks, long presses
/// and holds by ``ButtonStateMachine``; outputs are switched, pulsed and blinked by one
/// ``BlinkScheduler``, outputs in the same rhythm in phase. Lines come from libgpiod
/// (``HardwareGPIO``) or from a simulated chip (``SimulatedGPIO``) with `backend: simulated`.
///
/// Methods: `set {output, state}`, `blink {output, on, off, count?}`, `pulse {output, duration}`,
/// `get {output | input}`, `list`; with the simulated backend also `simulate {input, value}` and
/// `simulate_press {input, duration?, count?, gap?}`. Events: `gpio_input`, `gpio_press`,
/// `gpio_release`, `gpio_click`, `gpio_double_click`, `gpio_multi_click`, `gpio_long_press`,
/// `gpio_hold` and `gpio_output`; every payload names the `module` and its `input` or `output`.
///
/// Threads: the module runs on a ``ModuleThread`` of its own. Between its jobs that thread waits
/// in one `ppoll` for the inputs' edge descriptors and the module's one timer (the earliest
/// debounce, click or blink deadline of any input or output). An edge or a blink toggle wakes
/// that thread once, and is read and handled there, in the module's isolation; its event then
/// wakes the module that handles it.
public actor GPIOModule: ConfiguredModule {
    /// The `type:` name in the config.
    public static let typeName = "gpio"

    /// The key under which the module catalog passes the daemon's `state_dir` in the module's
    /// config; not a key users write (the schema does not know it).
    public static var stateDirectoryKey: String? { GPIOConfiguration.stateKey }

    let context: ModuleContext
    let configuration: GPIOConfiguration
    let backend: any GPIOBackend
    /// The saved states of a state file from before entities (`gpio-MODULE.json`), by output:
    /// read at start when an output's entity has none saved.
    let legacyStates: StateFile?
    /// The thread the module runs on, waits for edges on, and keeps its timer on.
    nonisolated let thread: ModuleThread

    /// Runs the module's jobs on ``thread``.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { thread.unownedExecutor }
    /// Brings the module's tasks back to ``thread`` when another thread resumes them.
    public nonisolated var taskExecutor: (any TaskExecutor)? { thread.taskExecutor }

    /// The chip, once started.
    var chip: ChipDescription?
    var inputs: [Input] = []
    var outputs: [String: Output] = [:]
    var scheduler: BlinkScheduler<String>
    var isActive = false
    /// Reused by every read of an input's edges, and by the events they give.
    var edgeBuffer: [LineEdge] = []
    var buttonEvents: [ButtonEvent] = []
    /// What the legacy state file held, by output.
    var saved: Value.Object = [:]

    // The one timer: see GPIOModule+Clock.swift.
    var clockDeadline: GPIOInstant?
    nonisolated let tick: @Sendable () -> Bool
    var outputChanges: [BlinkScheduler<String>.Change] = []

    /// The instant of the next edge each running `simulate_press` will inject, by call.
    var simulatedEdges: [Int: GPIOInstant] = [:]
    var nextSimulation = 0

    // Events and entity states in the order they happened: see GPIOModule+Events.swift.
    let outbox = ModuleOutbox()
    /// The state each output's entity was last given, by output.
    var publishedOutputs: [String: OutputEntityState] = [:]

    struct Input {
        var config: GPIOConfiguration.Input
        var line: LineInfo
        var machine: ButtonStateMachine
        var kernelDebounce: Bool
        /// Owned by the module; released when it stops or the line fails.
        var handle: (any GPIOLineHandle)?
        /// While active: the thread watches the line's edge descriptor.
        var watch: ModuleThread.Watch?
    }

    struct Output {
        var config: GPIOConfiguration.Output
        var line: LineInfo
        var handle: (any GPIOLineHandle)?
    }

    /// Reads the validated config; `backend: simulated` uses ``SimulatedGPIO/shared``.
    ///
    /// - Throws: `invalid_arguments` for a config that skipped validation.
    public init(context: ModuleContext) throws {
        try self.init(context: context, simulator: .shared)
    }

    /// Reads the validated config; `backend: simulated` uses `simulator`, so tests and
    /// benchmarks get chips of their own.
    public init(context: ModuleContext, simulator: SimulatedGPIO) throws {
        let configuration = try GPIOConfiguration(context.config)
        let backend: any GPIOBackend = configuration.backend == .simulated ? simulator : HardwareGPIO()
        try self.init(context: context, configuration: configuration, backend: backend)
    }

    /// A module on `backend` whatever the config's `backend` says.
    init(context: ModuleContext, backend: any GPIOBackend) throws {
        try self.init(context: context, configuration: try GPIOConfiguration(context.config), backend: backend)
    }

    private init(context: ModuleContext, configuration: GPIOConfiguration, backend: any GPIOBackend) throws {
        do {
            thread = try ModuleThread(name: "gpio-\(context.name)")
        } catch {
            throw GPIOError.system(error.errno, "cannot start the module's thread (\(error.operation))")
        }
        self.context = context
        self.tick = Self.tick(posting: context)
        self.configuration = configuration
        self.backend = backend
        self.scheduler = try BlinkScheduler(rhythms: configuration.rhythms, at: .now)
        let restores = configuration.outputs.contains { $0.initial == .restore }
        self.legacyStates =
            restores
            ? StateFile(
                directory: configuration.stateDirectory, name: "gpio-\(context.name).json", logger: context.logger)
            : nil
    }

    /// The methods, event handlers and jobs of the module type (see ``Module/interface``).
    public static let interface = ModuleInterface<GPIOModule> {
        Method("set") { (module, arguments: SetArguments) in try await module.set(arguments) }
        Method("blink") { (module, arguments: BlinkArguments) in try await module.blink(arguments) }
        Method("pulse") { (module, arguments: PulseArguments) in try await module.pulse(arguments) }
        Method("get") { (module, arguments: GetArguments) in try module.get(arguments) }
        Method("list") { module in module.list() }
        Method("simulate") { (module, arguments: SimulateArguments) in try module.simulate(arguments) }
        Method("simulate_press") { (module, arguments: SimulatePressArguments) in
            try await module.simulatePress(arguments)
        }
        Method("simulated_writes") { (module, arguments: GetArguments) in try module.simulatedWrites(arguments) }
    }

    // MARK: Lifecycle

    /// Finds the chip and requests every line, for the daemon's whole life: inputs with their
    /// bias, `active_low` and edges (and the kernel's debounce with libgpiod 2), outputs at their
    /// initial level. Edges wait in the kernel until the module is active.
    ///
    /// - Throws: ``GPIOError``: the chip is missing (naming the chips there are), a line is
    ///   unknown (listing the chip's line names) or busy (naming who holds it), or access is denied.
    public func start() async throws {
        let chip = try resolveChip()
        let lines = try backend.lines(of: chip)
        let now = GPIOInstant.now
        var inputs: [Input] = []
        for input in configuration.inputs {
            let line = try input.line.resolve(on: chip, lines: lines)
            let kernelDebounce = backend.hasKernelDebounce && input.debounce > .zero
            let settings = LineSettings.input(
                activeLow: input.activeLow, bias: input.bias, debounce: kernelDebounce ? input.debounce : .zero)
            let handle = try backend.requestLine(
                on: chip, line: line, settings: settings, consumer: consumer(input.name))
            let level = try handle.read()
            var button = input.button
            if kernelDebounce { button.debounce = .zero }
            inputs.append(
                Input(
                    config: input, line: line,
                    machine: ButtonStateMachine(configuration: button, initialLevel: level, at: now),
                    kernelDebounce: kernelDebounce, handle: handle))
        }
        saved = legacyStates?.load(otherwise: "outputs start off")?["outputs"]?.objectValue ?? [:]
        // Declared before the outputs are set, so their saved states can be read.
        try declareEntities()
        for output in configuration.outputs {
            _ = try scheduler.set(output.name, to: initialState(of: output), at: now)
        }
        var outputs: [String: Output] = [:]
        for output in configuration.outputs {
            let line = try output.line.resolve(on: chip, lines: lines)
            let settings = LineSettings.output(
                activeLow: output.activeLow, initialValue: scheduler.level(of: output.name) ?? false)
            let handle = try backend.requestLine(
                on: chip, line: line, settings: settings, consumer: consumer(output.name))
            outputs[output.name] = Output(config: output, line: line, handle: handle)
        }
        self.chip = chip
        self.inputs = inputs
        self.outputs = outputs
        try publishInitialStates()
        context.logger.debug(
            "gpio lines requested",
            metadata: [
                "gpio.chip": "\(chip)", "inputs": "\(inputs.count)", "outputs": "\(outputs.count)",
                "backend": "\(backend.name)",
            ])
    }

    /// Starts what runs while the module is active (see ``Module/activate()``).
    public func activate() async {
        isActive = true
        for index in inputs.indices { watchEdges(index) }
        rearm()
    }

    /// Stops what runs while the module is active (see ``Module/deactivate()``).
    public func deactivate() async {
        isActive = false
        for index in inputs.indices { unwatchEdges(index) }
        cancelClock()
    }

    /// Releases the inputs, and switches `on_exit: off` outputs off and releases them (their
    /// saved states stay what they were set to).
    public func stop() async {
        cancelClock()
        for index in inputs.indices {
            unwatchEdges(index)
            inputs[index].handle = nil
        }
        for (name, output) in outputs.sorted(by: { $0.key < $1.key }) where output.config.onExit == .off {
            do {
                try output.handle?.write(false)
            } catch {
                context.logger.error(
                    "cannot switch an output off at exit", metadata: ["output": "\(name)", "error": "\(error)"])
            }
        }
        for name in outputs.keys { outputs[name]?.handle = nil }
    }

    // MARK: Start-up helpers

    private func resolveChip() throws(GPIOError) -> ChipDescription {
        let directory = ChipDirectory(chips: backend.scanChips())
        switch try directory.resolve(configuration.chip) {
        case .chip(let chip):
            if let error = chip.openError { throw error }
            return chip
        case .path(let path):
            do {
                return try backend.describeChip(path: path)
            } catch  where error.code == .chipNotFound {
                var notFound = directory.notFound(path)
                notFound.errno = error.errno
                throw notFound
            }
        }
    }

    /// The consumer name the line is requested with, as `gpioinfo` and busy errors show it
    /// (the kernel keeps 31 bytes).
    private func consumer(_ io: String) -> String {
        let full = "looselycoupled:\(context.name).\(io)"
        var bytes = Array(full.utf8.prefix(31))
        while String(validating: bytes, as: UTF8.self) == nil { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension GPIOInstant {
    /// `CLOCK_MONOTONIC` now, the clock the kernel stamps edges with.
    static var now: GPIOInstant { GPIOInstant(nanoseconds: MonotonicClock.now()) }
}
