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
