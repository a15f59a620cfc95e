import ArgumentParser
import LooselyCoupled

/// `looselycoupled call MODULE.METHOD [JSON]`.
struct CallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call a module's method on the running daemon.",
        discussion: """
            Prints the result as JSON on stdout and exits 0, or prints \
            {"error":{"code":…,"message":…}} on stderr and exits 1.
            """)

    @Argument(help: ArgumentHelp("The method to call.", valueName: "module.method"))
    var target: String

    @Argument(help: ArgumentHelp("The keyword arguments, as a JSON object.", valueName: "json"))
    var arguments: String = "{}"

    @OptionGroup var wait: TimeoutOption

    @OptionGroup var controlSocket: ControlSocketOption

    func validate() throws {
        let parts = target.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ValidationError("expected MODULE.METHOD, got '\(target)'")
        }
        _ = try Self.object(arguments)
    }

    func run() throws {
        let result = try controlSocket.result(of: [
            "op": "call", "target": .string(target), "args": try Self.object(arguments),
            "timeout": .double(wait.timeout),
        ])
        StandardStream.out((result).json + "\n")
    }

    private static func object(_ text: String) throws -> Value {
        try jsonObjectArgument(text, name: "the arguments", example: #"{"timer": "wake"}"#)
    }
}
