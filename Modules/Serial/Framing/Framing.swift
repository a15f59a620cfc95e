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

    /// How `status` and messages show it: `delimiter "\r\n"`, `length 16`, `idle gap 50.0 ms`.
    var description: String {
        switch self {
        case .delimiter(let bytes): "delimiter \"" + bytes.map(Self.escaped).joined() + "\""
        case .length(let count): "length \(count)"
        case .idleGap(let nanoseconds): "idle gap \(Double(nanoseconds) / 1e6) ms"
        }
    }

    private static func escaped(_ byte: UInt8) -> String {
        switch byte {
        case 0x0D: return "\\r"
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x22: return "\\\""
        case 0x5C: return "\\\\"
        case 0x20...0x7E: return String(UnicodeScalar(byte))
        default:
            let digits = String(byte, radix: 16)
            return "\\x" + (digits.count == 1 ? "0" + digits : digits)
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
