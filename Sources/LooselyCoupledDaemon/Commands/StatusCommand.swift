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
        let header = ["MODULE", "TYPE", "STATE", "PROCESSED", "ERRORS"]
        let rows = (status["modules"]?.arrayValue ?? []).map { module in
            [
                module["name"]?.stringValue ?? "?",
                module["type"]?.stringValue ?? "?",
                module["state"]?.stringValue ?? "?",
                String(module["processed"]?.intValue ?? 0),
                String(module["handler_errors"]?.intValue ?? 0),
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func format(_ row: [String]) -> String {
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }.joined()
        }
        var text = ([header] + rows).map(format).joined(separator: "\n") + "\n"
        let queue = status["queue"] ?? [:]
        func number(_ key: String) -> Int { queue[key]?.intValue ?? 0 }
        text += "queue: \(number("depth"))/\(number("capacity")) queued, \(number("enqueued")) enqueued, "
        text += "\(number("processed")) processed, \(number("dropped")) dropped, \(number("discarded")) discarded"
        if let pid = status["pid"]?.intValue { text += "; pid \(pid)" }
        return text + "\n"
    }
}
