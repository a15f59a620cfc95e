import ArgumentParser
import LooselyCoupled

/// `looselycoupled set ENTITY STATE [JSON]`.
struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set an entity of the running daemon: a switch, light, button, number or select.",
        discussion: """
            STATE is on, off or toggle (a switch or light), a light's effect, press (a button), a \
            number, or a select's option; a number or true/false is read as JSON, anything else \
            as text. Prints the module's answer as JSON and exits 0, or prints \
            {"error":{"code":…,"message":…}} on stderr and exits 1 (unknown_entity, \
            read_only_entity, invalid_state, …).
            """)

    @Argument(help: ArgumentHelp("The entity to set.", valueName: "module.entity"))
    var entity: String

    @Argument(help: ArgumentHelp("Its new state.", valueName: "state"))
    var state: String

    @Argument(help: ArgumentHelp("Attributes, as a JSON object ({\"on\": \"100ms\"}).", valueName: "json"))
    var attributes: String = "{}"

    @OptionGroup var wait: TimeoutOption

    @OptionGroup var controlSocket: ControlSocketOption

    func validate() throws {
        _ = try Self.object(attributes)
    }

    func run() throws {
        let result = try controlSocket.result(of: [
            "op": "set", "entity": .string(entity), "state": Self.parse(state),
            "attributes": try Self.object(attributes), "timeout": .double(wait.timeout),
        ])
        StandardStream.out(result.json + "\n")
    }

    private static func object(_ text: String) throws -> Value {
        try jsonObjectArgument(text, name: "the attributes", example: #"{"effect": "fast"}"#)
    }

    /// A number, `true` or `false` as JSON; anything else as the text it is.
    static func parse(_ state: String) -> Value {
        if let value = try? Value(json: state) {
            switch value {
            case .int, .double, .bool: return value
            default: break
            }
        }
        return .string(state)
    }
}
