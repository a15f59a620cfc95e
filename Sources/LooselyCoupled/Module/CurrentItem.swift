/// The queued item a handler is working on, as ``ModuleContext/currentItem`` reports it.
public struct CurrentItem: Sendable {
    /// The item's metadata; what the handler sends carries its transaction.
    public let metadata: ItemMetadata
    /// How many items were still waiting for this module when this one was released to it.
    public let backlog: Int

    /// The item being handled by the drain loop whose task (or child task) is running.
    static var current: CurrentItem? { DrainSlot.active?.item }
}
