/// Cuts a stream of bytes into frames: by a delimiter (one byte or several, found even when it
/// is split across reads), by a fixed length, or by an idle gap between bytes.
///
/// A pure state machine: ``feed(_:at:into:)`` takes the bytes of one read and the instant they
/// were read, ``expire(at:into:)`` lets time pass for the idle gap, and neither does any I/O,
/// so every framing is tested without a port. Any byte values are fine: binary data, NUL, bytes
/// that are not UTF-8.
///
/// A frame that grows beyond `maxFrame` bytes without ending is cut: its first `maxFrame` bytes
/// come out as a frame marked ``RawFrame/cut``, and the bytes after them start the next frame,
/// so nothing is dropped. Empty frames (two delimiters in a row) carry nothing and are skipped.
public struct Framer: Sendable {
    /// How frames end.
    public let framing: Framing
    /// The longest frame; longer input is cut.
    public let maxFrame: Int

    /// The bytes of the frame in progress (with the part of a delimiter matched so far).
    private(set) var buffer: [UInt8] = []
    /// How many bytes at the end of `buffer` match the start of the delimiter.
    private var matched = 0
    /// For each prefix length of the delimiter, the longest proper prefix that is also its
    /// suffix (Knuth–Morris–Pratt): where matching resumes after a mismatch, so `\r\r\n` still
    /// ends a frame on `\r\n`.
    private let fallback: [Int]
    private var lastByteAt: UInt64 = 0

    /// A framer with nothing buffered.
    ///
    /// - Parameters:
    ///   - framing: How frames end; a delimiter must not be empty, a length must be positive.
    ///   - maxFrame: The longest frame, at least 1.
    public init(framing: Framing, maxFrame: Int) {
        self.framing = framing
        self.maxFrame = max(1, maxFrame)
        if case .delimiter(let delimiter) = framing {
            self.fallback = Self.fallbackTable(delimiter)
        } else {
            self.fallback = []
        }
        buffer.reserveCapacity(min(self.maxFrame, 4096))
    }

    /// The bytes of an unfinished frame.
    public var pendingCount: Int { buffer.count }

    /// When the frame in progress ends by the idle gap if no byte arrives before; `nil` when
    /// nothing is pending or the framing has no gap.
    public var deadline: UInt64? {
        guard case .idleGap(let gap) = framing, !buffer.isEmpty else { return nil }
        return lastByteAt &+ gap
    }

    /// Adds the bytes of one read, made at `now`, and appends the frames they complete.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, at now: UInt64, into frames: inout [RawFrame]) {
        guard !bytes.isEmpty else { return }
        switch framing {
        case .delimiter(let delimiter):
            feedDelimited(bytes, delimiter: delimiter, at: now, into: &frames)
        case .length(let length):
            var rest = bytes[...]
            while !rest.isEmpty {
                let take = min(length - buffer.count, rest.count)
                buffer.append(contentsOf: rest.prefix(take))
                rest = rest.dropFirst(take)
                if buffer.count == length { emit(cut: false, at: now, into: &frames) }
            }
        case .idleGap:
            var rest = bytes[...]
            while !rest.isEmpty {
                let take = min(maxFrame - buffer.count, rest.count)
                buffer.append(contentsOf: rest.prefix(take))
                rest = rest.dropFirst(take)
                if buffer.count == maxFrame && !rest.isEmpty { emit(cut: true, at: now, into: &frames) }
            }
            lastByteAt = now
        }
    }

    /// ``feed(_:at:into:)`` for bytes in an array.
    public mutating func feed(_ bytes: [UInt8], at now: UInt64, into frames: inout [RawFrame]) {
        bytes.withUnsafeBytes { feed($0, at: now, into: &frames) }
    }

    /// Lets time pass until `now`: ends the frame in progress if the idle gap has passed.
    public mutating func expire(at now: UInt64, into frames: inout [RawFrame]) {
        guard let deadline, now >= deadline else { return }
        emit(cut: false, at: lastByteAt, into: &frames)
    }

    /// Forgets the frame in progress, as when the port closes; returns how many bytes it had.
    public mutating func reset() -> Int {
        defer {
            buffer.removeAll(keepingCapacity: true)
            matched = 0
        }
        return buffer.count
    }

    // MARK: Delimiter

    private mutating func feedDelimited(
        _ bytes: UnsafeRawBufferPointer, delimiter: [UInt8], at now: UInt64, into frames: inout [RawFrame]
    ) {
        let count = delimiter.count
        delimiter.withUnsafeBufferPointer { delimiter in
            for byte in bytes {
                while matched > 0 && delimiter[matched] != byte { matched = fallback[matched - 1] }
                if delimiter[matched] == byte { matched += 1 }
                buffer.append(byte)
                if matched == count {
                    buffer.removeLast(count)
                    matched = 0
                    if buffer.isEmpty { continue }
                    emit(cut: false, at: now, into: &frames)
                } else if buffer.count - matched > maxFrame {
                    // The first maxFrame bytes cannot belong to a delimiter any more: they are
                    // the cut frame; what follows, the matched part included, starts the next.
                    frames.append(RawFrame(bytes: Array(buffer.prefix(maxFrame)), cut: true, timestampNanoseconds: now))
                    buffer.removeFirst(maxFrame)
                }
            }
        }
    }

    private mutating func emit(cut: Bool, at instant: UInt64, into frames: inout [RawFrame]) {
        frames.append(RawFrame(bytes: buffer, cut: cut, timestampNanoseconds: instant))
        buffer.removeAll(keepingCapacity: true)
    }

    static func fallbackTable(_ pattern: [UInt8]) -> [Int] {
        var table = [Int](repeating: 0, count: pattern.count)
        var length = 0
        var index = 1
        while index < pattern.count {
            if pattern[index] == pattern[length] {
                length += 1
                table[index] = length
                index += 1
            } else if length > 0 {
                length = table[length - 1]
            } else {
                index += 1
            }
        }
        return table
    }
}
