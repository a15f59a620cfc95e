/// A queued call: await ``value`` for its result, or drop it for fire-and-forget.
public struct QueuedCall: Sendable {
    let reply: ReplyBox
    /// The item's metadata (its transaction, priority, sequence).
    public let metadata: ItemMetadata

    /// The method's result once the dispatcher has run it; throws the ``CallError`` it failed with.
    public var value: Value {
        get async throws(CallError) {
            try await reply.result.get()
        }
    }
}
