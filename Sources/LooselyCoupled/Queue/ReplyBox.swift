/// The result of a queued call, filled in once by the dispatcher and awaited by the caller.
typealias ReplyBox = SetOnce<Result<Value, CallError>>

extension SetOnce where Value == Result<LooselyCoupled.Value, CallError> {
    /// Fills in the call's result; a second result (a reply after a discard) is ignored.
    func complete(_ result: Value) { set(result) }

    /// The call's result, once it is there.
    var result: Value { get async { await value } }

    /// The result if it is there already; for blocking callers that poll after a wake-up.
    var completedResult: Value? { current }
}
