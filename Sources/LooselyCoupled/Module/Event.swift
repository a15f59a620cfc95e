/// An event as a handler receives it.
public struct Event: Sendable {
    /// The event's name, for example `gpio_press`.
    public let name: String
    /// What the sender attached.
    public let payload: Value
    /// Transaction, priority, source and enqueue time.
    public let metadata: ItemMetadata
    /// How many items were still waiting for this module when this event was released to it.
    public let backlog: Int
}

/// The queued item a handler is working on, as ``ModuleContext/currentItem`` reports it.
public struct CurrentItem: Sendable {
    /// The item's metadata; what the handler sends carries its transaction.
    public let metadata: ItemMetadata
    /// How many items were still waiting for this module when this one was released to it.
    public let backlog: Int

    @TaskLocal static var value: CurrentItem?
}
