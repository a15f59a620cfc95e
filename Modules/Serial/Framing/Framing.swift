/// How the bytes from a serial device are cut into frames, as `framing:` sets it.
public enum Framing: Sendable, Hashable {
    /// A frame ends with these bytes (one or more, such as `\r\n`); the delimiter is not part of
    /// the frame.
    case delimiter([UInt8])
    /// Every frame is exactly this many bytes.
    case length(Int)
    /// A frame ends when no byte has arrived for this many nanoseconds.
    case idleGap(nanoseconds: UInt64)

    /// The delimiter `write_line` appends; `nil` for the framings without one.
    public var delimiter: [UInt8]? {
        if case .delimiter(let bytes) = self { return bytes }
        return nil
    }

    /// How `status` shows it: `{delimiter: "\r\n"}`, `{length: 16}` or `{idle_gap_ms: 50}`.
    var description: String {
        switch self {
        case .delimiter(let bytes): "delimiter \(bytes.map { "0x" + String($0, radix: 16) }.joined(separator: " "))"
        case .length(let count): "length \(count)"
        case .idleGap(let nanoseconds): "idle gap \(Double(nanoseconds) / 1e6) ms"
        }
    }
}

/// One frame as the framer cut it: its bytes, whether it was cut at `max_frame`, and when its
/// last byte was read.
public struct RawFrame: Sendable, Hashable {
    /// The frame's bytes, without the delimiter.
    public var bytes: [UInt8]
    /// Whether the device sent more than `max_frame` bytes without ending the frame, so this is
    /// the first `max_frame` of them and the rest starts the next frame.
    public var cut: Bool
    /// `CLOCK_MONOTONIC` nanoseconds at which the frame's last byte was read.
    public var timestampNanoseconds: UInt64

    /// A frame of `bytes`, read at `timestampNanoseconds`.
    public init(bytes: [UInt8], cut: Bool = false, timestampNanoseconds: UInt64) {
        self.bytes = bytes
        self.cut = cut
        self.timestampNanoseconds = timestampNanoseconds
    }
}
