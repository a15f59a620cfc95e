/// The queued item a handler is working on, as ``ModuleContext/currentItem`` reports it.
public struct CurrentItem: Sendable {
    /// The item's metadata; what the handler sends carries its transaction.
    public let metadata: ItemMetadata
    /// How many items were still waiting for this module when this one was released to it.
    public let backlog: Int

    /// The item being handled by the drain loop whose task (or child task) is running.
    static var current: CurrentItem? { DrainSlot.active?.item }

    /// Runs `operation` as part of `item`: what it sends carries `item`'s transaction. For work a
    /// handler hands to a task of its own (a rule's run, which outlives the event that started
    /// it), where the drain loop has moved on to other items.
    public static func carrying<T: Sendable>(
        _ item: CurrentItem, _ operation: () async throws -> T
    ) async rethrows -> T {
        let slot = DrainSlot()
        slot.item = item
        return try await DrainSlot.$active.withValue(slot) { try await operation() }
    }

    /// An item of `metadata` with no backlog, for ``carrying(_:_:)``.
    public init(metadata: ItemMetadata, backlog: Int = 0) {
        self.metadata = metadata
        self.backlog = backlog
    }
}
