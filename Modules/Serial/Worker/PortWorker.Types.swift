import LooselyCoupled

extension PortWorker {
    /// What the port thread needs to know: the port, its framing and how to reconnect.
    struct Options: Sendable {
        var path: String
        var settings: SerialSettings
        var exclusive: Bool
        var framing: Framing
        var maxFrame: Int
        var encoding: FrameEncoding
        var reconnect: (initial: Duration, max: Duration)
        /// `serial_silent` after this long without a byte; `nil` for never.
        var silence: Duration?
        /// With this many frames waiting for the module, reading pauses until it has taken them.
        var inboxLimit = 10_000
        /// How often an open port's path is checked for having vanished.
        var pathCheckInterval: Duration = .seconds(1)
    }

    /// A frame as the module receives it: its data in the port's encoding.
    struct Frame: Sendable, Hashable {
        var data: String
        var byteCount: Int
        var cut: Bool
        /// `CLOCK_MONOTONIC` nanoseconds at which its last byte was read.
        var timestampNanoseconds: UInt64
    }

    /// The port as opened: the device its path led to and the settings read back.
    struct Connection: Sendable, Hashable {
        var device: String
        var settings: SerialSettings
    }

    /// What the port thread tells the module, in the order it happened.
    enum Notice: Sendable {
        case frames([Frame])
        case connected(Connection)
        case disconnected(device: String, reason: String)
        case silent(seconds: Double)
    }

    /// Bytes to write, and whether a reply frame is awaited after them.
    struct Job: Sendable {
        var bytes: [UInt8]
        /// `CLOCK_MONOTONIC` nanoseconds by which it must be written (and answered).
        var deadline: UInt64
        var timeout: Duration
        /// Whether the next frame (matching `expect`) after the write is the job's result.
        var awaitsReply: Bool
        /// A regular expression the reply must contain; compiled on the port thread, as
        /// `Regex` is not `Sendable` (the module checked that it compiles).
        var expect: String?
        /// Called once, on the port thread (or the caller's, for a port already closed).
        var complete: @Sendable (Outcome) -> Void
    }

    /// How a job ended.
    enum Outcome: Sendable {
        case written(Int)
        case reply(Frame)
        case failed(SerialError)
    }
}

/// The counters `status` reports, written by the port thread.
final class PortCounters: Sendable {
    let bytesIn = AtomicCounter()
    let bytesOut = AtomicCounter()
    let frames = AtomicCounter()
    let cutFrames = AtomicCounter()
    /// Times reading paused because the module had not taken 10 000 frames.
    let readPauses = AtomicCounter()
    let discardedBytes = AtomicCounter()
    let reconnects = AtomicCounter()
    let timeouts = AtomicCounter()

    /// `{bytes_in, bytes_out, frames, cut_frames, discarded_bytes, read_pauses, reconnects, timeouts}`.
    var value: Value {
        [
            "bytes_in": .int(bytesIn.value), "bytes_out": .int(bytesOut.value), "frames": .int(frames.value),
            "cut_frames": .int(cutFrames.value), "read_pauses": .int(readPauses.value),
            "discarded_bytes": .int(discardedBytes.value), "reconnects": .int(reconnects.value), "timeouts": .int(timeouts.value),
        ]
    }
}
