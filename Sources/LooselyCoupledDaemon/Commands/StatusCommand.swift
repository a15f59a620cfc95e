import ArgumentParser
import LooselyCoupled

/// `looselycoupled status`: the running daemon's modules and queue.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each module's name, type and state, and the queue.")

    @Flag(help: "Print the daemon's status reply as JSON.")
    var json = false

    @OptionGroup var controlSocket: ControlSocketOption

    func run() throws {
        let status = try controlSocket.result(of: ["op": "status"])
        StandardStream.out(json ? (status).json + "\n" : Self.table(status))
    }

    /// The status as a table of modules and a line about the queue.
    static func table(_ status: Value) -> String {
        let rows = (status["modules"]?.arrayValue ?? []).map { module in
            [
                module["name"]?.stringValue ?? "?",
                module["type"]?.stringValue ?? "?",
                module["state"]?.stringValue ?? "?",
                String(module["entities"]?.intValue ?? 0),
                String(module["processed"]?.intValue ?? 0),
                String(module["handler_errors"]?.intValue ?? 0),
            ]
        }
        var text = TextTable(header: ["MODULE", "TYPE", "STATE", "ENTITIES", "PROCESSED", "ERRORS"], rows: rows).text
        let queue = status["queue"] ?? [:]
        func number(_ key: String) -> Int { queue[key]?.intValue ?? 0 }
        text += "queue: \(number("depth"))/\(number("capacity")) queued, \(number("enqueued")) enqueued, "
        text += "\(number("processed")) processed, \(number("dropped")) dropped, \(number("discarded")) discarded"
        if let pid = status["pid"]?.intValue { text += "; pid \(pid)" }
        return text + "\n"
    }
}
