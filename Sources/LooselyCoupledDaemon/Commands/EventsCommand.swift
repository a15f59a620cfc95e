import ArgumentParser
import LooselyCoupled

/// `looselycoupled events [GLOB]`.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print the running daemon's events as they are triggered, one JSON object per line.",
        discussion: """
            Each line is {"event":…,"payload":…,"source":…,"priority":…,"transaction":…,"time":…}. \
            Runs until interrupted, or until the daemon stops (a reload leaves it connected).
            """)

    @Argument(help: ArgumentHelp("Only events whose names match this glob (*, ?, [a-z]).", valueName: "glob"))
    var pattern: String = "*"

    @OptionGroup var controlSocket: ControlSocketOption

    func run() throws {
        try controlSocket.withClient { client throws(ControlClient.Failure) in
            let reply = try client.request(["op": "events", "match": .string(pattern)])
            if let error = reply["error"] {
                throw .failed(Value.object(["error": error]).json)
            }
            StandardStream.error("looselycoupled: watching events matching '\(pattern)'\n")
            while let line = try client.nextLine() {
                if let dropped = line["dropped"]?.intValue {
                    StandardStream.error("looselycoupled: \(dropped) events dropped (this client fell behind)\n")
                } else {
                    StandardStream.out((line).json + "\n")
                }
            }
            StandardStream.error(
                "looselycoupled: the daemon closed the connection (it stopped)\n"
            )
        }
    }
}
