import LooselyCoupled

/// A frame as the module sends it in `serial_frame` and answers a `request` with: its data in
/// the port's encoding.
struct SerialFrame: Sendable, Hashable {
    /// The frame's bytes in the port's encoding (text, hex or base64).
    var data: String
    /// How many bytes the frame has.
    var byteCount: Int
    /// Whether the frame was cut at `max_frame`.
    var cut: Bool
    /// `CLOCK_MONOTONIC` nanoseconds at which its last byte was read.
    var timestampNanoseconds: UInt64

    /// `serial_frame`'s payload: `{module, data, timestamp_ns}`, and `cut: true` for a frame cut
    /// at `max_frame`. One literal, so one allocation, for the usual frame.
    func payload(module: Value) -> Value {
        let timestamp = Value.int(Int(clamping: timestampNanoseconds))
        guard cut else { return ["module": module, "data": .string(data), "timestamp_ns": timestamp] }
        return ["module": module, "data": .string(data), "timestamp_ns": timestamp, "cut": true]
    }

    /// A request's result: `{data, timestamp_ns}`, and `cut: true` for a frame cut at `max_frame`.
    var reply: Value {
        let timestamp = Value.int(Int(clamping: timestampNanoseconds))
        guard cut else { return ["data": .string(data), "timestamp_ns": timestamp] }
        return ["data": .string(data), "timestamp_ns": timestamp, "cut": true]
    }
}
