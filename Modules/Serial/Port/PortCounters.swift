import LooselyCoupled

/// What `status` counts for one port, over the module's life (reconnects do not reset it).
struct PortCounters: Sendable, Hashable {
    var bytesIn = 0
    var bytesOut = 0
    var frames = 0
    /// Frames cut at `max_frame`.
    var cutFrames = 0
    /// Bytes of a partial frame discarded when the port closed.
    var discardedBytes = 0
    var reconnects = 0
    /// Writes and requests that timed out.
    var timeouts = 0

    /// `{bytes_in, bytes_out, frames, cut_frames, discarded_bytes, reconnects, timeouts}`.
    var value: Value {
        [
            "bytes_in": .int(bytesIn), "bytes_out": .int(bytesOut), "frames": .int(frames),
            "cut_frames": .int(cutFrames), "discarded_bytes": .int(discardedBytes), "reconnects": .int(reconnects),
            "timeouts": .int(timeouts),
        ]
    }
}
