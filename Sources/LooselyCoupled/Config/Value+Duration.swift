extension Value {
    /// A duration from a value that ``Schema/duration`` produced (`.double` seconds), rounded
    /// to the nanosecond; also takes `.int` seconds, and a string in the config's duration
    /// syntax (`"250ms"`, `"1m30s"`) as method arguments carry them. `nil` for anything else or
    /// a negative, infinite or NaN number.
    ///
    /// ```swift
    /// let timeout = config["timeout"]?.durationValue ?? .seconds(1)
    /// ```
    public var durationValue: Duration? {
        switch self {
        case .int(let seconds) where seconds >= 0:
            let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
            return overflow ? nil : .nanoseconds(nanoseconds)
        case .double(let seconds) where seconds.isFinite && seconds >= 0:
            let nanoseconds = (seconds * 1e9).rounded()
            guard nanoseconds < 9.2e18 else { return nil }
            return .nanoseconds(Int64(nanoseconds))
        case .string(let text):
            guard case .nanoseconds(let nanoseconds) = ScalarSyntax.duration(text) else { return nil }
            return .nanoseconds(nanoseconds)
        default:
            return nil
        }
    }
}

extension Value {
    /// A time of day from a string `H:MM`, `HH:MM` or `HH:MM:SS` (00:00 to 23:59:59), as seconds
    /// since midnight, or from `.int` seconds as ``Schema/timeOfDay`` produces them; `nil` for
    /// anything else.
    public var timeOfDayValue: Int? {
        switch self {
        case .int(let seconds) where (0..<86_400).contains(seconds): seconds
        case .string(let text): ScalarSyntax.timeOfDay(text)
        default: nil
        }
    }
}

extension Duration {
    /// The duration as a config writes it: `24h`, `5min`, `2s`, `100ms` (whole milliseconds; a
    /// shorter rest is cut).
    public var configText: String {
        let (seconds, attoseconds) = components
        guard attoseconds == 0, seconds != 0 else {
            return "\(seconds * 1000 + attoseconds / 1_000_000_000_000_000)ms"
        }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)min" }
        return "\(seconds)s"
    }
}
