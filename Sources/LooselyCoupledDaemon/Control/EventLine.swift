import LooselyCoupled

/// An event as the control socket streams it, one JSON object per line:
/// `{"event":…,"payload":…,"source":…,"priority":…,"transaction":…,"time":…}`.
///
/// `source` is the sending module (`null` from outside), `transaction` the id shared by
/// everything one request caused, `time` the UTC wall-clock time it was triggered.
enum EventLine {
    static func value(_ event: Event, wallNow: Int64, monotonicNow: UInt64) -> Value {
        let metadata = event.metadata
        let age = monotonicNow >= metadata.enqueuedAt ? Int64(clamping: monotonicNow - metadata.enqueuedAt) : 0
        return [
            "event": .string(event.name),
            "payload": event.payload,
            "source": metadata.source.map(Value.string) ?? .null,
            "priority": .string(metadata.priority.description),
            "transaction": .int(Int(truncatingIfNeeded: metadata.transaction.rawValue)),
            "time": .string(WallClock.rfc3339(wallNow - age, utc: true)),
        ]
    }
}
