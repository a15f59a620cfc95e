/// What an entity is, in Home Assistant's words, so a bridge maps each one to one.
public enum EntityKind: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// An on/off reading: `"on"` or `"off"`.
    case binarySensor = "binary_sensor"
    /// A number or a text, with an optional `unit`, `device_class` and `state_class`.
    case sensor
    /// A settable on/off: `set ENTITY on|off|toggle`.
    case `switch`
    /// A settable on/off with named `effects`: `set ENTITY on|off|toggle|EFFECT`.
    case light
    /// An action: `set ENTITY press`.
    case button
    /// A settable number within `min` and `max`.
    case number
    /// A settable choice of one of `options`.
    case select
    /// Stateless: each occurrence, with one of `event_types`, is a change (its state is the time
    /// of the last one).
    case event

    /// The kind with its article, for messages: `a switch`, `an event`.
    var withArticle: String { self == .event ? "an \(self)" : "a \(self)" }

    /// Whether `set` may change it; the others are read-only.
    public var isSettable: Bool {
        switch self {
        case .switch, .light, .button, .number, .select: true
        case .binarySensor, .sensor, .event: false
        }
    }

    /// The snake_case name, as the config, the CLI and JSON write it.
    public var description: String { rawValue }
}
