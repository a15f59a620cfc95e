/// One queued call or event. An event is shared by every module it is delivered to.
final class QueueItem: Sendable {
    enum Kind: Sendable {
        case event
        case call(reply: ReplyBox?)
        /// Work a module posted to itself (``ModuleContext/post(to:priority:blocking:_:)``).
        case post(PostedWork)
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

    /// `event`, `call` or `post`, as logs name it.
    var kindName: String {
        switch kind {
        case .event: "event"
        case .call: "call"
        case .post: "post"
        }
    }
}

/// An item on its way to one module: for an event, which handler matched; for a call, which method.
struct Delivery: Sendable {
    let item: QueueItem
    let entry: Int
}

/// Work posted to a module's own mailbox; the module's host runs it as ``Posted``.
@usableFromInline
class PostedWork: @unchecked Sendable {
    @usableFromInline init() {}
}

/// Work for a module of type `M`. `@unchecked` only because its base class is not final; it
/// holds one `let` of a `Sendable` type.
@usableFromInline
final class Posted<M: Module>: PostedWork, @unchecked Sendable {
    let body: PostBody<M>

    @usableFromInline
    init(_ body: PostBody<M>) {
        self.body = body
    }
}

/// A posted body, kept synchronous when it was written so; see ``MethodBody``.
@usableFromInline
enum PostBody<M: Module>: Sendable {
    case sync(@Sendable (isolated M) -> Void)
    case async(@Sendable (isolated M) async -> Void)
}
