import Logging
import LooselyCoupled

/// How a log record becomes one line on stderr.
///
/// Text: `2026-03-29T07:00:00.123+02:00 info clock: timer fired event=wake timer=alarm`, the
/// `module` metadata (else the logger's label) before the message, the rest sorted after it.
/// JSON: one object per line with `time`, `level`, `label`, `module`, `message`, `metadata`
/// and `error`. For the journal, the time is left to journald and each line starts with its
/// syslog priority (`<6>` for info), so journald keeps the level.
struct LogLineFormat: Sendable {
    var style: DaemonConfig.Logging.Format
    var journal: Bool

    func line(
        level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, error: (any Error)?,
        wallNow: Int64
    ) -> String {
        var metadata = metadata
        let module = metadata.removeValue(forKey: "module").map(\.description)
        var line = journal ? "<\(Self.syslogPriority(level))>" : ""
        switch style {
        case .text:
            if !journal { line += WallClock.rfc3339(wallNow, utc: false) + " " }
            line += "\(level) \(module ?? label): " + Self.escaped(message)
            for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                line += " \(key)=" + Self.textValue(value)
            }
            if let error { line += " error=" + Self.quotedIfNeeded("\(error)") }
        case .json:
            var record: Value.Object = [
                "level": .string(level.rawValue),
                "label": .string(label),
                "message": .string(message),
            ]
            if !journal { record["time"] = .string(WallClock.rfc3339(wallNow, utc: false)) }
            if let module { record["module"] = .string(module) }
            if !metadata.isEmpty { record["metadata"] = Self.jsonValue(.dictionary(metadata)) }
            if let error { record["error"] = .string("\(error)") }
            line += Value.object(record).json
        }
        return line
    }

    /// The syslog priority journald reads from a `<N>` prefix.
    static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    private static func textValue(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): quotedIfNeeded(string)
        case .stringConvertible(let convertible): quotedIfNeeded(convertible.description)
        case .array, .dictionary: quotedIfNeeded(value.description)
        }
    }

    private static func jsonValue(_ value: Logger.Metadata.Value) -> Value {
        switch value {
        case .string(let string): .string(string)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let elements): .array(elements.map(jsonValue))
        // swift-log's metadata is a Dictionary, with no order of its own: sorted, as in text lines.
        case .dictionary(let members):
            .object(Value.Object(members.sorted { $0.key < $1.key }.map { ($0.key, jsonValue($0.value)) }))
        }
    }

    /// `value` as is when it has no space, quote, `=` or control character; else in quotes,
    /// escaped, so that a record stays on one line and splits back into its fields.
    static func quotedIfNeeded(_ value: String) -> String {
        let plain =
            !value.isEmpty
            && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0 != "\"" && $0 != "=" && $0.value != 0x7F }
        return plain ? value : "\"" + escaped(value).replacing("\"", with: "\\\"") + "\""
    }

    /// `text` with backslashes, newlines, tabs and other control characters escaped.
    static func escaped(_ text: String) -> String {
        text.escapingControlCharacters(backslash: true)
    }
}
