import LooselyCoupled
import LooselyCoupledTestKit
import Synchronization

/// A module with one entity of each settable kind and a sensor, for the entity tests: it writes
/// states when asked, from its actor or from a plain thread, and carries out commands.
actor Lamp: Module {
    /// What the test controls across instances: how many have started, and whether a start
    /// after the first may finish.
    final class Controls: Sendable {
        let starts = Atomic<Int>(0)
        let restartMayFinish = SetOnce<Void>()
        let commands = Recorder<Value>()
    }

    let context: ModuleContext
    let controls: Controls

    init(context: ModuleContext) throws {
        throw CallError(.invalidArguments, "use Lamp.spec")
    }

    init(context: ModuleContext, controls: Controls) {
        self.context = context
        self.controls = controls
    }

    static func spec(_ name: String = "lamp", controls: Controls) -> ModuleSpec {
        ModuleSpec(Lamp.self, name: name) { context in Lamp(context: context, controls: controls) }
    }

    static let entities = [
        Entity("power", kind: .switch),
        Entity("level", kind: .sensor, unit: "%", stateClass: "measurement"),
        Entity("mode", kind: .select, options: ["eco", "boost"]),
        Entity("target", kind: .number, minimum: 5, maximum: 30, step: 0.5),
        Entity("effect", kind: .light, effects: ["fast"]),
        Entity("chime", kind: .button),
    ]

    func start() async throws {
        if controls.starts.add(1, ordering: .relaxed).newValue > 1 { await controls.restartMayFinish.value }
        try context.declare(Self.entities)
        try await context.setState("power", "off")
        try await context.setState("level", 0)
    }

    struct Write: Decodable {
        let key: String
        let state: Value
    }

    struct Count: Decodable {
        let to: Int
    }

    static let interface = ModuleInterface<Lamp> {
        Method("write") { (lamp, arguments: Write) in
            try await lamp.context.setState(arguments.key, arguments.state)
            return Value.null
        }
        // Writes 1…to from a plain thread with the non-async API, and returns when it is done.
        Method("count_from_thread") { (lamp, arguments: Count) in
            let context = lamp.context
            let done = SetOnce<Result<Void, CallError>>()
            _ = try OSThread.spawn(name: "lamp-writer") {
                do throws(CallError) {
                    for level in 1...arguments.to { try context.setState("level", .int(level)) }
                    done.set(.success(()))
                } catch {
                    done.set(.failure(error))
                }
            }
            try await done.value.get()
            return Value.null
        }
        Method("fail") { lamp in
            lamp.context.reportFailure("the lamp's driver went away")
            return Value.null
        }
    }

    func setEntity(_ key: String, to state: Value, attributes: Value.Object) async throws -> Value {
        controls.commands.append(["entity": .string(key), "state": state])
        if key == "power" { try await context.setState("power", state == "toggle" ? "on" : state) }
        return ["done": .string(key)]
    }
}
