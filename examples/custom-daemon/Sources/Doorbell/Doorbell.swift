public import LooselyCoupled
import LooselyCoupledGPIO

/// A doorbell: counts `gpio_press` events of its button and announces each ring; `chime`
/// rings it from a call.
///
/// ```yaml
/// modules:
///   bell:
///     type: doorbell
///     button: doorbell          # the gpio input whose presses ring it
///     greeting: "ding dong"
/// ```
public actor Doorbell: ConfiguredModule {
    let context: ModuleContext
    let button: String
    let greeting: String
    var rings = 0

    /// A doorbell with its validated config (button and greeting).
    public init(context: ModuleContext) {
        self.context = context
        // The schema below validated the config and filled in its defaults before this runs.
        button = context.config["button"]?.stringValue ?? ""
        greeting = context.config["greeting"]?.stringValue ?? ""
    }

    /// The `type:` name in the config.
    public static let typeName = "doorbell"

    /// What `type: doorbell` takes; `looselycoupled check` reports a bad key at its line.
    public static let schema = Schema.object {
        Key("button", .string(nonEmpty: true), required: true, help: "the gpio input whose presses ring the bell")
        Key("greeting", .string(nonEmpty: true), default: "ding dong", help: "what each ring announces")
    }

    /// `bell.chime {"times": 2}`.
    struct Chime: Decodable {
        let times: Int
    }

    /// What `chime` returns.
    struct Rang: Encodable {
        let rings: Int
        let greeting: String
    }

    /// The methods, event handlers and jobs of the module type (see ``Module/interface``).
    public static let interface = ModuleInterface<Doorbell> {
        Method("rings") { bell in bell.rings }
        Method("chime") { (bell, chime: Chime) in
            guard (1...10).contains(chime.times) else {
                throw CallError(.invalidArguments, "chime: times must be from 1 to 10, got \(chime.times)")
            }
            for _ in 0..<chime.times { try await bell.ring() }
            return Rang(rings: bell.rings, greeting: bell.greeting)
        }
        // The gpio module's event names are constants: a misspelt one does not compile.
        On(GPIOModule.Events.press) { bell, event in
            guard event.payload["input"]?.stringValue == bell.button else { return }
            try await bell.ring()
        }
    }

    private func ring() async throws {
        rings += 1
        try await context.trigger("doorbell_rang", ["count": .int(rings), "greeting": .string(greeting)])
    }
}
