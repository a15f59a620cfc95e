/// One queued call or event. An event is shared by every module it is delivered to.
final class QueueItem: Sendable {
    enum Kind: Sendable {
        case event
        case call(reply: ReplyBox?)
    }

    let metadata: ItemMetadata
    /// The event name, or the method name of a call.
    let name: String
    /// The event payload, or the call's arguments.
    let payload: Value
    let kind: Kind

    init(metadata: ItemMetadata, name: String, payload: Value, kind: Kind) {
        self.metadata = metadata
        self.name = name
        self.payload = payload
        self.kind = kind
    }

    var isEvent: Bool {
        if case .event = kind { return true }
        return false
    }
}

/// An item on its way to one module: for an event, which handler matched; for a call, which method.
struct Delivery: Sendable {
    let item: QueueItem
    let entry: Int
}
