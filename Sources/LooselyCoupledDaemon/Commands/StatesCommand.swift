import ArgumentParser
import LooselyCoupled
import LooselyCoupledPOSIX

/// `looselycoupled states [GLOB] [--json]`.
struct StatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "states",
        abstract: "List the running daemon's entities with their states.",
        discussion: """
            A table of entity, kind, state and since (when the state last changed, local time). \
            With --json, one JSON array with every field of each entity, last_changed and \
            last_updated in milliseconds since the epoch.
            """)

    @Argument(help: ArgumentHelp("Only entities whose ids match this glob (panel.*).", valueName: "glob"))
    var pattern: String?

    @Flag(help: "Print every field of each entity as JSON.")
    var json = false

    @OptionGroup var controlSocket: ControlSocketOption

    func run() throws {
        var request: Value.Object = ["op": "states"]
        if let pattern { request["match"] = .string(pattern) }
        let entities = try controlSocket.result(of: .object(request))["entities"] ?? []
        StandardStream.out(json ? entities.json + "\n" : Self.table(entities.arrayValue ?? []))
    }

    /// The entities as a table: id, kind, state (with a light's effect or an event's type) and
    /// when the state last changed.
    static func table(_ entities: [Value]) -> String {
        let rows = entities.map { entity in
            var state = entity["state"].map(Self.text) ?? "?"
            if let detail = entity["attributes"]?["effect"] ?? entity["attributes"]?["event_type"] {
                state += " (\(Self.text(detail)))"
            }
            let since = entity["last_changed"]?.intValue.map { WallClock.rfc3339(Int64($0) * 1_000_000, utc: false) }
            return [
                entity["entity"]?.stringValue ?? "?", entity["kind"]?.stringValue ?? "?", state, since ?? "-",
            ]
        }
        return TextTable(header: ["ENTITY", "KIND", "STATE", "SINCE"], rows: rows).text
    }

    private static func text(_ value: Value) -> String {
        value.stringValue ?? value.json
    }
}
