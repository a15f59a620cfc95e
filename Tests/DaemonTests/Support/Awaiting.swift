import LooselyCoupled
import LooselyCoupledTestKit

/// Items appended from any thread (output lines, datagrams), awaitable by a predicate.
final class Collector<Item: Sendable>: Sendable {
    private let collected = Watched<(items: [Item], closed: Bool)>(([], false))

    func append(_ item: Item) {
        collected.update { $0.items.append(item) }
    }

    /// No more items will come; waiters whose condition can no longer change are released.
    func close() {
        collected.update { $0.closed = true }
    }

    var items: [Item] { collected.value.items }

    /// Waits until `condition` holds for the items so far, the collector closes or the task is
    /// cancelled (as ``withTimeout(_:_:_:)`` does when the time is up), then returns the items.
    func wait(until condition: @escaping @Sendable ([Item]) -> Bool) async -> [Item] {
        await collected.wait { $0.closed || condition($0.items) }.items
    }
}

/// A value set once from any thread and awaited.
final class Latch<Value: Sendable>: Sendable {
    private let watched = Watched<Value?>(nil)

    /// Sets the value, unless it is set already.
    func set(_ value: Value) {
        watched.update { current in
            if current == nil { current = value }
        }
    }

    var current: Value? { watched.value }

    /// The value, once set.
    ///
    /// - Throws: `CancellationError` when the task is cancelled first (a timeout).
    var value: Value {
        get async throws {
            guard let value = await watched.wait(until: { $0 != nil }) else { throw CancellationError() }
            return value
        }
    }
}
