import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledSerial

extension SerialModuleTests {
    /// Random bytes from a device, in random reads, through every framing and encoding: nothing
    /// crashes, no byte is lost or invented, every frame respects max_frame, and hex and base64
    /// give back the exact bytes.
    ///
    /// Serialized, each case on one plain thread: the suite keeps one core busy for a moment, not
    /// both, so the timing tests running alongside are not starved.
    @Suite("random bytes through every framing and encoding", .serialized)
    struct FuzzTests {
        static let framings: [Framing] = [
            .delimiter([10]), .delimiter([13, 10]), .delimiter([0x00]), .delimiter([0xAA, 0xAA, 0xAB]), .length(1),
            .length(7), .idleGap(nanoseconds: 5),
        ]

        @Test("frames put back together are the input", arguments: framings)
        func reassembles(framing: Framing) async throws {
            // On a thread of its own: CPU-bound work on the cooperative pool would make the other
            // tests' tasks wait for a pool thread.
            let failures = try await onPlainThread { try Self.check(framing) }
            #expect(failures.isEmpty, "\(failures.prefix(5))")
        }

        /// The properties' failures, as text (recorded by the test, on its own task).
        static func check(_ framing: Framing) throws -> [String] {
            var failures: [String] = []
            var generator = SeededGenerator(seed: 0x5E71A1 &+ UInt64(Self.framings.firstIndex(of: framing) ?? 0))
            for round in 0..<50 {
                let maxFrame = 1 + Int(generator.next() % 64)
                // A small alphabet that contains the delimiters' bytes, so they occur often.
                let alphabet: [UInt8] = [0x00, 0x0A, 0x0D, 0xAA, 0xAB, 0x41, 0xFF, 0xC3]
                let length = Int(generator.next() % 600)
                let input = (0..<length).map { _ in
                    generator.next() % 4 == 0
                        ? UInt8(truncatingIfNeeded: generator.next())
                        : alphabet[Int(generator.next() % UInt64(alphabet.count))]
                }
                var framer = Framer(framing: framing, maxFrame: maxFrame)
                var frames: [RawFrame] = []
                var offset = 0
                var clock: UInt64 = 0
                while offset < input.count {
                    let take = min(input.count - offset, 1 + Int(generator.next() % 40))
                    clock += generator.next() % 8
                    framer.feed(Array(input[offset..<(offset + take)]), at: clock, into: &frames)
                    framer.expire(at: clock + generator.next() % 8, into: &frames)
                    offset += take
                }
                let pending = framer.buffer
                func expect(_ condition: Bool, _ what: String) {
                    if !condition { failures.append("round \(round) with max_frame \(maxFrame): \(what)") }
                }
                var rebuilt: [UInt8] = []
                for frame in frames {
                    expect(!frame.bytes.isEmpty, "an empty frame")
                    expect(
                        frame.bytes.count <= max(maxFrame, framing.lengthValue ?? 0),
                        "a frame of \(frame.bytes.count) bytes")
                    if case .length(let n) = framing {
                        expect(frame.bytes.count == n, "a frame of \(frame.bytes.count) bytes, not \(n)")
                    }
                    for encoding in [FrameEncoding.hex, .base64] {
                        expect(
                            try encoding.decode(encoding.encode(frame.bytes)) == frame.bytes,
                            "\(encoding) does not round-trip \(frame.bytes)")
                    }
                    _ = FrameEncoding.text.encode(frame.bytes)
                    rebuilt += frame.bytes
                    if let delimiter = framing.delimiter, !frame.cut { rebuilt += delimiter }
                }
                if let delimiter = framing.delimiter {
                    expect(
                        rebuilt + pending == Self.withoutEmptyFrames(input, delimiter), "the frames are not the input")
                } else {
                    expect(rebuilt + pending == input, "the frames are not the input")
                }
            }
            return failures
        }

        /// `bytes` without the delimiters that end an empty frame, found the simple way: left to
        /// right, each occurrence ending the piece before it.
        static func withoutEmptyFrames(_ bytes: [UInt8], _ delimiter: [UInt8]) -> [UInt8] {
            var result: [UInt8] = []
            var piece: [UInt8] = []
            var index = 0
            while index < bytes.count {
                if bytes.count - index >= delimiter.count
                    && Array(bytes[index..<(index + delimiter.count)]) == delimiter
                {
                    if !piece.isEmpty { result += piece + delimiter }
                    piece = []
                    index += delimiter.count
                } else {
                    piece.append(bytes[index])
                    index += 1
                }
            }
            return result + piece
        }
    }
}

extension Framing {
    var lengthValue: Int? {
        if case .length(let n) = self { return n }
        return nil
    }
}
