import Logging

/// The events and entity states a module sends, in the order they happened: for a module whose
/// synchronous code (a device read, a timer, a state machine) produces them in bursts, appends
/// them here, and then sends them all with one ``flush(_:sending:)``.
///
/// ```swift
/// outbox.append(.state("doorbell", "on"))
/// outbox.append(.event("doorbell_rang", ["count": .int(rings)]))
/// await outbox.flush(context, sending: isActive)
/// ```
///
/// While one flush is suspended on a full queue, another returns at once and leaves what it was
/// given to the first, so events never overtake each other. Owned by its module's actor and used
/// only there, so it is not `Sendable`.
public final class ModuleOutbox {
    /// One thing to send.
    public enum Item {
        /// `trigger(name, payload)`.
        case event(String, Value)
        /// `setState(key, state, attributes:)` of one of the module's entities.
        case state(String, Value, Value.Object)
    }

    private var items: [Item] = []
    /// The items' spare buffer, swapped in while a batch is sent: neither array is reallocated.
    private var spare: [Item] = []

    /// Whether a flush is sending (and may be suspended on a full queue).
    public private(set) var isFlushing = false

    /// An empty outbox.
    public init() {}

    /// Whether nothing waits to be sent.
    public var isEmpty: Bool { items.isEmpty }

    /// Queues `item` behind the others.
    public func append(_ item: Item) {
        items.append(item)
    }

    /// Triggers the queued events and writes the queued entity states through `context`, in
    /// order, until none is left; while `sending` is false (a module that is not active sends
    /// nothing; it is asked before each batch) it drops them. An item that cannot be sent is logged and skipped.
    ///
    /// Returns at once while another flush is sending: that one sends these items too.
    nonisolated(nonsending) public func flush(_ context: ModuleContext, sending: @autoclosure () -> Bool) async {
        guard !isFlushing else { return }
        isFlushing = true
        defer { isFlushing = false }
        while !items.isEmpty {
            var batch: [Item] = []
            swap(&batch, &spare)
            swap(&batch, &items)
            defer {
                batch.removeAll(keepingCapacity: true)
                spare = batch
            }
            guard sending() else { continue }
            for item in batch {
                do {
                    switch item {
                    case .event(let name, let payload):
                        try await context.trigger(name, payload)
                    case .state(let key, let state, let attributes):
                        try await context.setState(key, state, attributes: attributes)
                    }
                } catch {
                    context.logger.error(
                        "cannot send an event or entity state", metadata: ["outgoing": "\(item)", "error": "\(error)"])
                }
            }
        }
    }
}
