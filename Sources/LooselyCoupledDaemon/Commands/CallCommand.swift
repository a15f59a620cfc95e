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

    @Option(help: ArgumentHelp("How long to wait for the result, in seconds.", valueName: "seconds"))
    var timeout: Double = 10

    @OptionGroup var controlSocket: ControlSocketOption

    func validate() throws {
        let parts = target.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw ValidationError("expected MODULE.METHOD, got '\(target)'")
        }
        guard case .object = try jsonArgument(arguments, name: "the arguments") else {
            throw ValidationError("the arguments must be a JSON object, such as {\"timer\": \"wake\"}")
        }
        guard timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be above 0 and at most 3600 seconds")
        }
    }

    func run() throws {
        let result = try controlSocket.result(of: [
            "op": "call", "target": .string(target), "args": try jsonArgument(arguments, name: "the arguments"),
            "timeout": .double(timeout),
        ])
        StandardStream.out((result).json + "\n")
    }
}
