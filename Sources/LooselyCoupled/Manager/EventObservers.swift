import Synchronization

/// Watchers of the event stream from outside the module graph, such as the control socket's
/// `events` command. They see every triggered event whose name matches,
/// at trigger time, without taking queue capacity.
///
/// A watcher that falls behind loses its oldest unread events (its stream buffers
/// ``bufferSize``); the loss is counted in ``dropped`` and the stream goes on.
final class EventObservers: Sendable {
    static let bufferSize = 1024

    private struct Watcher: Sendable {
        let pattern: GlobPattern
        let continuation: AsyncStream<Event>.Continuation
    }

    private let watchers = Locked<[Int: Watcher]>([:])
    private let nextID = Atomic<Int>(0)
    /// Checked on every trigger: one relaxed load when nobody watches.
    private let active = Atomic<Bool>(false)

    /// Whether anyone watches at all; one relaxed load.
    var isWatched: Bool { active.load(ordering: .acquiring) }
    let dropped = Atomic<Int>(0)

    func watch(_ pattern: String) -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: Event.self, bufferingPolicy: .bufferingNewest(Self.bufferSize))
        let id = nextID.add(1, ordering: .relaxed).newValue
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            self.watchers.withLock { watchers in
                watchers[id] = nil
                self.active.store(!watchers.isEmpty, ordering: .releasing)
            }
        }
        watchers.withLock { watchers in
            watchers[id] = Watcher(pattern: GlobPattern(pattern), continuation: continuation)
            active.store(true, ordering: .releasing)
        }
        return stream
    }

    func notify(_ name: String, _ payload: @autoclosure () -> Value, metadata: @autoclosure () -> ItemMetadata) {
        guard active.load(ordering: .acquiring) else { return }
        let matching = watchers.withLock { $0.values.filter { $0.pattern.matches(name) } }
        guard !matching.isEmpty else { return }
        let event = Event(name: name, payload: payload(), metadata: metadata(), backlog: 0)
        for watcher in matching {
            if case .dropped = watcher.continuation.yield(event) {
                dropped.add(1, ordering: .relaxed)
            }
        }
    }

    func finishAll() {
        let all = watchers.withLock { watchers -> [Watcher] in
            defer { watchers.removeAll() }
            return Array(watchers.values)
        }
        active.store(false, ordering: .releasing)
        for watcher in all { watcher.continuation.finish() }
    }
}
