import LooselyCoupled

/// A duration as the config's schema leaves it (seconds) or as a method argument gives it
/// (`"250ms"`, or a number of seconds), for `Decodable` structs.
struct ConfigDuration: Decodable, Sendable, Hashable {
    var duration: Duration

    init(_ duration: Duration) {
        self.duration = duration
    }

    init(from decoder: any Decoder) throws {
        let value = try Value(from: decoder)
        guard let duration = value.durationValue else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "expected a duration such as \"250ms\" or a number of seconds, got \(value.json)"))
        }
        self.duration = duration
    }
}
