/// A job run every `interval` while the module is active: first at activation, then after each
/// interval. After a failure the next run waits `interval × 2^failures` (at most five minutes, or
/// the interval if that is longer); one success resets the delay.
public struct Every<M: Module>: Sendable {
    /// The delay between runs.
    public let interval: Duration
    /// A name for logs.
    public let name: String
    let body: @Sendable (isolated M) async throws -> Void

    /// Runs `body` every `interval`; `name` appears in logs when it fails.
    public init(
        _ interval: Duration, _ name: String = "job", _ body: @escaping @Sendable (isolated M) async throws -> Void
    ) {
        self.interval = interval
        self.name = name
        self.body = body
    }
}
