import ArgumentParser
import LooselyCoupled

/// `looselycoupled trigger EVENT [JSON]`.
struct TriggerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger",
        abstract: "Queue an event on the running daemon for every module that handles it.")

    @Argument(help: ArgumentHelp("The event's name.", valueName: "event"))
    var event: String

    @Argument(help: ArgumentHelp("The payload, as JSON.", valueName: "json"))
    var payload: String = "{}"

    @Option(help: "The event's priority.")
    var priority: PriorityArgument = .normal

    @OptionGroup var controlSocket: ControlSocketOption

    func validate() throws {
        guard !event.isEmpty else { throw ValidationError("the event needs a name") }
        _ = try jsonArgument(payload, name: "the payload")
    }

    func run() throws {
        _ = try controlSocket.result(of: [
            "op": "trigger", "event": .string(event), "payload": try jsonArgument(payload, name: "the payload"),
            "priority": .string(priority.rawValue),
        ])
    }
}
