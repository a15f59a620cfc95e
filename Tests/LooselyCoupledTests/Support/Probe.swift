import LooselyCoupled
import LooselyCoupledTestKit
import Synchronization

/// What a ``Probe`` does in each hook; every closure gets the probe's context.
struct ProbeHooks: Sendable {
    var start: @Sendable (ModuleContext) async throws -> Void = { _ in }
    var activate: @Sendable (ModuleContext) async -> Void = { _ in }
    var deactivate: @Sendable (ModuleContext) async -> Void = { _ in }
    var stop: @Sendable (ModuleContext) async -> Void = { _ in }
    var event: @Sendable (ModuleContext, Event) async throws -> Void = { _, _ in }
    var work: @Sendable (ModuleContext, Value) async throws -> Value = { _, arguments in arguments }
}

/// A configurable test module: `echo` returns its arguments, `work` runs the `work` hook,
/// `fail` throws, and every event (`*`) goes to the `event` hook.
actor Probe: Module {
    let context: ModuleContext
    let hooks: ProbeHooks

    init(context: ModuleContext, hooks: ProbeHooks) {
        self.context = context
        self.hooks = hooks
    }

    init(context: ModuleContext) throws {
        self.init(context: context, hooks: ProbeHooks())
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String { "probe failure" }
    }

    static let interface = ModuleInterface<Probe> {
        Method("echo") { _, arguments in arguments }
        Method("work") { probe, arguments in try await probe.hooks.work(probe.context, arguments) }
        Method("fail") { _, _ -> Value in throw Failure() }
        On("*") { probe, event in try await probe.hooks.event(probe.context, event) }
    }

    func start() async throws { try await hooks.start(context) }
    func activate() async { await hooks.activate(context) }
    func deactivate() async { await hooks.deactivate(context) }
    func stop() async { await hooks.stop(context) }
}

func probe(_ name: String, required: Bool = false, _ hooks: ProbeHooks = ProbeHooks()) -> ModuleSpec {
    ModuleSpec(Probe.self, name: name, required: required) { Probe(context: $0, hooks: hooks) }
}

/// Hooks whose `work` parks until `gate` opens, after opening `parked`: items pile up behind it.
func parkingHooks(gate: Latch, parked: Latch) -> ProbeHooks {
    var hooks = ProbeHooks()
    hooks.work = { _, _ in
        parked.open()
        await gate.wait()
        return .null
    }
    return hooks
}

/// Hooks whose `work` parks until `gate` opens, after opening `parked`, when called with
/// `park: true`, and hands every other item's arguments to `serve`: items queued meanwhile pile
/// up behind the parked one.
func parkingOnRequest(gate: Latch, parked: Latch, serve: @escaping @Sendable (Value) -> Void) -> ProbeHooks {
    var hooks = ProbeHooks()
    hooks.work = { _, arguments in
        if arguments["park"] == true {
            parked.open()
            await gate.wait()
        } else {
            serve(arguments)
        }
        return .null
    }
    return hooks
}

/// A configuration with short deadlines, so failing tests fail fast.
func fastConfiguration(capacity: Int = 10_000) -> ModuleManager.Configuration {
    var configuration = ModuleManager.Configuration()
    configuration.queueCapacity = capacity
    configuration.restartDelay = .milliseconds(20)
    configuration.maximumRestartDelay = .milliseconds(200)
    configuration.shutdownTimeout = .seconds(2)
    configuration.stopTimeout = .seconds(2)
    configuration.blockTimeout = .milliseconds(100)
    return configuration
}
