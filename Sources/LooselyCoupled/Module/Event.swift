import Synchronization

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

/// Where a module's drain loop posts the item it is handling, so that what its handlers send
/// carries that item's transaction.
///
/// The slot is bound once to the drain task as a task-local, then updated per item: far cheaper
/// than binding a task-local per item. A task spawned by a handler inherits the slot and sees
/// the item handled at the moment it reads, so the value is behind a lock.
final class DrainSlot: Sendable {
    @TaskLocal static var active: DrainSlot?

    private let storage = Locked<CurrentItem?>(nil)

    var item: CurrentItem? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
