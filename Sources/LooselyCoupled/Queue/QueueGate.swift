import Synchronization

#if canImport(Dispatch)
    import Dispatch
#endif

/// Counts pending deliveries against the queue's capacity and parks senders while it is full.
///
/// The count is one atomic; the waiter lists are only touched when the queue is full or someone
/// waits for it to empty, so the common path is a compare-and-swap and an atomic decrement.
final class QueueGate: Sendable {
    /// The most pending deliveries; a reload may change it while the queue runs.
    var capacity: Int { capacityStorage.load(ordering: .relaxed) }
    private let capacityStorage: Atomic<Int>
    private let pending = Atomic<Int>(0)
    /// Set while any sender or drain-waiter is parked, so releases know to look.
    private let hasWaiters = Atomic<Bool>(false)
    private let waiters = Locked(Waiters())

    private struct Waiters {
        var nextID = 0
        var senders: [Int: Sender] = [:]
        var drained: [Int: UnsafeContinuation<Void, Never>] = [:]
    }

    private enum Sender {
        case task(UnsafeContinuation<Void, Never>)
        case thread(DispatchSemaphore)

        func wake() {
            switch self {
            case .task(let continuation): continuation.resume()
            case .thread(let semaphore): semaphore.signal()
            }
        }
    }

    init(capacity: Int) {
        self.capacityStorage = Atomic(max(1, capacity))
    }

    /// Changes the capacity: a larger one lets waiting senders in at once; a smaller one admits
    /// nothing new until the queue drains below it (nothing queued is dropped).
    func setCapacity(_ capacity: Int) {
        capacityStorage.store(max(1, capacity), ordering: .relaxed)
        if hasWaiters.load(ordering: .sequentiallyConsistent) { wakeWaiters(remaining: 0) }
    }

    /// Pending deliveries.
    var depth: Int { pending.load(ordering: .relaxed) }

    /// Reserves `count` slots if they fit. An empty queue always admits, so a broadcast to more
    /// modules than the capacity cannot wait forever.
    func tryReserve(_ count: Int) -> Bool {
        var current = pending.load(ordering: .relaxed)
        while true {
            if current > 0, current + count > capacity { return false }
            let (exchanged, original) = pending.compareExchange(
                expected: current, desired: current + count, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
    }

    /// Reserves `count` slots, suspending while the queue is full.
    func reserve(_ count: Int) async {
        while !tryReserve(count) {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let parked = waiters.withLock { waiters -> Bool in
                    hasWaiters.store(true, ordering: .sequentiallyConsistent)
                    // Re-check under the lock: a release in between would have found no waiter.
                    let current = pending.load(ordering: .sequentiallyConsistent)
                    if current == 0 || current + count <= capacity { return false }
                    waiters.senders[waiters.nextID] = .task(continuation)
                    waiters.nextID += 1
                    return true
                }
                if !parked { continuation.resume() }
            }
        }
    }

    /// Reserves `count` slots, blocking this thread while the queue is full; `false` after `timeout`.
    func reserveBlocking(_ count: Int, timeout: Duration) -> Bool {
        let deadline = MonotonicClock.now() &+ UInt64(max(0, timeout.nanoseconds))
        while !tryReserve(count) {
            let semaphore = DispatchSemaphore(value: 0)
            let id = waiters.withLock { waiters -> Int? in
                hasWaiters.store(true, ordering: .sequentiallyConsistent)
                let current = pending.load(ordering: .sequentiallyConsistent)
                if current == 0 || current + count <= capacity { return nil }
                let id = waiters.nextID
                waiters.senders[id] = .thread(semaphore)
                waiters.nextID += 1
                return id
            }
            guard let id else { continue }
            let now = MonotonicClock.now()
            if now >= deadline || semaphore.wait(timeout: .now() + .nanoseconds(Int(deadline - now))) == .timedOut {
                let stillParked = waiters.withLock { $0.senders.removeValue(forKey: id) != nil }
                // A wake that raced the timeout is taken as a wake, so no signal is lost.
                if stillParked { return tryReserve(count) }
            }
        }
        return true
    }

    /// Releases `count` slots; returns `true` when this emptied the queue.
    @discardableResult
    func release(_ count: Int) -> Bool {
        let remaining = pending.subtract(count, ordering: .sequentiallyConsistent).newValue
        if hasWaiters.load(ordering: .sequentiallyConsistent) {
            wakeWaiters(remaining: remaining)
        }
        return remaining == 0
    }

    private func wakeWaiters(remaining: Int) {
        // Senders wake once half the capacity is free again, so a full queue does not wake
        // (and re-park) a sender per released slot.
        let wakeSenders = remaining <= capacity / 2
        let woken = waiters.withLock { waiters -> ([Sender], [UnsafeContinuation<Void, Never>]) in
            var senders: [Sender] = []
            var drained: [UnsafeContinuation<Void, Never>] = []
            if wakeSenders || remaining == 0 {
                senders = Array(waiters.senders.values)
                waiters.senders.removeAll()
            }
            if remaining == 0 {
                drained = Array(waiters.drained.values)
                waiters.drained.removeAll()
            }
            if waiters.senders.isEmpty, waiters.drained.isEmpty {
                hasWaiters.store(false, ordering: .sequentiallyConsistent)
            }
            return (senders, drained)
        }
        for sender in woken.0 { sender.wake() }
        for continuation in woken.1 { continuation.resume() }
    }

    /// Waits until no delivery is pending.
    func waitUntilEmpty() async {
        while pending.load(ordering: .sequentiallyConsistent) > 0 {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                let parked = waiters.withLock { waiters -> Bool in
                    hasWaiters.store(true, ordering: .sequentiallyConsistent)
                    if pending.load(ordering: .sequentiallyConsistent) == 0 { return false }
                    waiters.drained[waiters.nextID] = continuation
                    waiters.nextID += 1
                    return true
                }
                if !parked { continuation.resume() }
            }
        }
    }

    /// Wakes everyone parked, for example when shutdown passes its deadline.
    func wakeAll() {
        let woken = waiters.withLock { waiters -> ([Sender], [UnsafeContinuation<Void, Never>]) in
            let result = (Array(waiters.senders.values), Array(waiters.drained.values))
            waiters.senders.removeAll()
            waiters.drained.removeAll()
            hasWaiters.store(false, ordering: .sequentiallyConsistent)
            return result
        }
        for sender in woken.0 { sender.wake() }
        for continuation in woken.1 { continuation.resume() }
    }
}
