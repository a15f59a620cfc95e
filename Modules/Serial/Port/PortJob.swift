/// One `write`, `write_line` or `request`: the bytes to write, by when, and whether a reply frame
/// is awaited after them.
///
/// Not `Sendable`: made, kept and completed on the module's actor.
struct PortJob {
    /// How a job ended.
    enum Outcome: Sendable {
        /// All bytes were taken by the port: how many.
        case written(Int)
        /// The reply to a request.
        case reply(SerialFrame)
        case failed(SerialError)
    }

    var bytes: [UInt8]
    /// `CLOCK_MONOTONIC` nanoseconds by which it must be written (and answered).
    var deadline: UInt64
    /// The timeout it was given, for the message when it passes.
    var timeout: Duration
    /// Whether the next frame after the write (that matches ``expect``) is the job's result.
    var awaitsReply: Bool
    /// What the reply must contain; `nil` takes any frame.
    var expect: Regex<AnyRegexOutput>?
    /// Called once, with how the job ended.
    var complete: (Outcome) -> Void
}
