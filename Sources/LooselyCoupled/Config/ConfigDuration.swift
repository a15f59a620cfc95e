/// A duration in a module's normalised config or a method's arguments, decoded as ``Value``
/// writes it: seconds as a number (what the schema's `.duration` produces) or text such as
/// `500ms`, `1.5s`, `2m`.
///
/// ```swift
/// struct Blink: Decodable { let on: ConfigDuration; let count: Int? }
/// let on: Duration = blink.on.duration
/// ```
public struct ConfigDuration: Decodable, Sendable, Hashable {
    /// The duration.
    public let duration: Duration
    /// The value as it was written (`"250ms"`, `0.5`), for messages about it.
    public let written: Value

    /// Decodes a number of seconds or a duration's text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(Value.self)
        guard let duration = value.durationValue else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a duration such as 500ms, 1.5s or 2m, got \(value.summary)")
        }
        self.duration = duration
        self.written = value
    }
}

extension Priority: Decodable {
    /// Decodes a priority by its name: `highest`, `high`, `normal`, `low`, `lowest`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let priority = Priority(name: name) else {
            let names = Priority.allCases.map(\.description).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected one of \(names), got \"\(name)\"")
        }
        self = priority
    }
}
