import DequeModule
import LooselyCoupled

/// The writes and requests of one port as a value: done one at a time in the order they were
/// made, a request holding the jobs behind it until its reply (the next frame after its write
/// that matches its `expect`) or its deadline, so replies are never crossed.
///
/// The module writes the bytes ``pendingBytes`` names and reports how many the port took; frames
/// and the clock come in through ``received(_:)`` and ``expire(at:)``. Nothing here does I/O.
struct PortJobs {
    private var waiting: Deque<PortJob> = []
    /// The job being written or awaiting its reply.
    private(set) var current: PortJob?
    /// How many bytes of ``current`` are written.
    private(set) var written = 0
    /// Whether ``current`` is written and waits for its reply.
    private(set) var awaitingReply = false

    /// Whether no job is in progress or waiting.
    var isEmpty: Bool { current == nil && waiting.isEmpty }

    /// When the current job fails unless it completes first.
    var deadline: UInt64? { current?.deadline }

    /// Queues `job` behind the others.
    mutating func submit(_ job: PortJob) {
        waiting.append(job)
    }

    /// The bytes to write now: the rest of the current job, or else the whole of the next one,
    /// which becomes current; `nil` while a request awaits its reply or no job waits.
    mutating func pendingBytes() -> ArraySlice<UInt8>? {
        if current == nil {
            guard let next = waiting.popFirst() else { return nil }
            current = next
            written = 0
            awaitingReply = false
        }
        guard let current, !awaitingReply else { return nil }
        return current.bytes[written...]
    }

    /// The port took `count` more bytes of the current job: a job written completes, or starts
    /// awaiting its reply.
    mutating func wrote(_ count: Int) {
        guard let job = current else { return }
        written += count
        guard written >= job.bytes.count else { return }
        if job.awaitsReply {
            awaitingReply = true
        } else {
            finish(.written(job.bytes.count))
        }
    }

    /// A frame arrived: the reply, if a request awaits one and the frame matches its `expect`.
    mutating func received(_ frame: SerialFrame) {
        guard awaitingReply, let job = current else { return }
        if let expect = job.expect, !frame.data.contains(expect) { return }
        finish(.reply(frame))
    }

    /// Time passed until `now`: the current job fails with `timeout` once its deadline passed.
    ///
    /// - Returns: Whether it did.
    mutating func expire(at now: UInt64, device: String) -> Bool {
        guard let job = current, now >= job.deadline else { return false }
        let what =
            awaitingReply
            ? "no reply within \(job.timeout)"
            : "the port did not take the bytes within \(job.timeout) (flow control holding them?)"
        finish(.failed(SerialError(.timeout, "\(device): \(what)")))
        return true
    }

    /// Fails every job, the current one first, with `error`: the port closed or the module stops.
    mutating func failAll(_ error: SerialError) {
        if current != nil { finish(.failed(error)) }
        while let job = waiting.popFirst() { job.complete(.failed(error)) }
    }

    private mutating func finish(_ outcome: PortJob.Outcome) {
        let job = current
        current = nil
        written = 0
        awaitingReply = false
        job?.complete(outcome)
    }
}
