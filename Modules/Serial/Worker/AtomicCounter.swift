import Synchronization

/// A count one thread adds to and any thread reads.
final class AtomicCounter: Sendable {
    private let storage = Atomic<Int>(0)

    func add(_ amount: Int = 1) {
        storage.add(amount, ordering: .relaxed)
    }

    var value: Int { storage.load(ordering: .relaxed) }
}
