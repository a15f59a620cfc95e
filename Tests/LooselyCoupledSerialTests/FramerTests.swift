import Testing

@testable import LooselyCoupledSerial

extension SerialModuleTests {
    /// The framing state machine, without a port: what a user sees as `serial_frame` events.
    @Suite("Framer")
    struct FramerTests {
        /// Feeds `chunks` as separate reads at instants 1, 2, 3… and returns the frames' bytes as text.
        static func frames(_ framing: Framing, maxFrame: Int = 4096, _ chunks: [String]) -> [String] {
            var framer = Framer(framing: framing, maxFrame: maxFrame)
            var frames: [RawFrame] = []
            for (index, chunk) in chunks.enumerated() {
                framer.feed(Array(chunk.utf8), at: UInt64(index + 1), into: &frames)
            }
            return frames.map { String(decoding: $0.bytes, as: UTF8.self) }
        }

        @Test("a delimiter ends a frame and is not part of it; what follows waits for its own")
        func delimiter() {
            #expect(Self.frames(.delimiter([10]), ["one\ntwo\nthr"]) == ["one", "two"])
            #expect(Self.frames(.delimiter([10]), ["one\ntwo\nthr", "ee\n"]) == ["one", "two", "three"])
        }

        @Test("a two-byte delimiter split across reads at every position still ends the frame once")
        func delimiterSplitAcrossReads() {
            let stream = "alpha\r\nbeta\r\ngamma\r\n"
            for split in 1..<stream.utf8.count {
                let bytes = Array(stream.utf8)
                let chunks = [
                    String(decoding: bytes[..<split], as: UTF8.self), String(decoding: bytes[split...], as: UTF8.self),
                ]
                #expect(Self.frames(.delimiter([13, 10]), chunks) == ["alpha", "beta", "gamma"], "split at \(split)")
            }
            // One byte per read.
            #expect(
                Self.frames(
                    .delimiter([13, 10]), stream.map { String($0) }.flatMap { $0 == "\r\n" ? ["\r", "\n"] : [$0] }) == [
                        "alpha", "beta", "gamma",
                    ])
        }

        @Test(
            "a partial delimiter inside the data is data: \\r alone, \\r\\r\\n, and a multi-byte delimiter overlapping itself"
        )
        func partialDelimiters() {
            #expect(Self.frames(.delimiter([13, 10]), ["a\rb\r\n"]) == ["a\rb"])
            #expect(Self.frames(.delimiter([13, 10]), ["a\r\r\n"]) == ["a\r"])
            #expect(Self.frames(.delimiter(Array("ABAC".utf8)), ["xABABACy", "ABAC"]) == ["xAB", "y"])
            #expect(Self.frames(.delimiter(Array("<END>".utf8)), ["one<EN", "D>two<E", "ND", ">"]) == ["one", "two"])
        }

        @Test("two delimiters in a row give no empty frame")
        func emptyFramesSkipped() {
            #expect(Self.frames(.delimiter([13, 10]), ["\r\n\r\nok\r\n\r\n"]) == ["ok"])
        }

        @Test("binary data: NUL, 0xFF and bytes that are not UTF-8 pass through unchanged, with a byte-list delimiter")
        func binary() {
            var framer = Framer(framing: .delimiter([0x10, 0x03]), maxFrame: 64)
            var frames: [RawFrame] = []
            framer.feed([0x00, 0xFF, 0xC3, 0x28, 0x10, 0x03, 0x10, 0x10, 0x03], at: 7, into: &frames)
            #expect(
                frames == [
                    RawFrame(bytes: [0x00, 0xFF, 0xC3, 0x28], timestampNanoseconds: 7),
                    RawFrame(bytes: [0x10], timestampNanoseconds: 7),
                ])
        }

        @Test("fixed length: frames of exactly N bytes whatever the reads")
        func fixedLength() {
            #expect(Self.frames(.length(4), ["abcdefghij"]) == ["abcd", "efgh"])
            #expect(Self.frames(.length(4), ["ab", "c", "defg", "h"]) == ["abcd", "efgh"])
            var framer = Framer(framing: .length(4), maxFrame: 4096)
            var frames: [RawFrame] = []
            framer.feed(Array("abcdef".utf8), at: 1, into: &frames)
            #expect(framer.pendingCount == 2)
            #expect(framer.deadline == nil)
        }

        @Test("idle gap: a frame ends when the gap passes after its last byte, never before")
        func idleGap() {
            var framer = Framer(framing: .idleGap(nanoseconds: 50), maxFrame: 4096)
            var frames: [RawFrame] = []
            framer.feed(Array("abc".utf8), at: 100, into: &frames)
            framer.feed(Array("def".utf8), at: 140, into: &frames)
            #expect(framer.deadline == 190)
            framer.expire(at: 189, into: &frames)
            #expect(frames.isEmpty, "not before the gap has passed since the last byte")
            framer.expire(at: 190, into: &frames)
            #expect(frames == [RawFrame(bytes: Array("abcdef".utf8), timestampNanoseconds: 140)])
            #expect(framer.deadline == nil)
            framer.expire(at: 1000, into: &frames)
            #expect(frames.count == 1)
        }

        @Test("an overlong frame is cut at max_frame, marked cut, and the rest starts the next frame")
        func overlong() {
            var framer = Framer(framing: .delimiter([10]), maxFrame: 4)
            var frames: [RawFrame] = []
            framer.feed(Array("abcdefghij\nxy\n".utf8), at: 1, into: &frames)
            #expect(frames.map { String(decoding: $0.bytes, as: UTF8.self) } == ["abcd", "efgh", "ij", "xy"])
            #expect(frames.map(\.cut) == [true, true, false, false])
            // A frame of exactly max_frame bytes is not cut, even with a two-byte delimiter.
            #expect(Self.frames(.delimiter([13, 10]), maxFrame: 4, ["abcd\r", "\n"]) == ["abcd"])

            var idle = Framer(framing: .idleGap(nanoseconds: 10), maxFrame: 3)
            frames = []
            idle.feed(Array("abcdefg".utf8), at: 1, into: &frames)
            idle.expire(at: 11, into: &frames)
            #expect(frames.map { String(decoding: $0.bytes, as: UTF8.self) } == ["abc", "def", "g"])
            #expect(frames.map(\.cut) == [true, true, false])
        }

        @Test("reset forgets the frame in progress and says how many bytes it had")
        func reset() {
            var framer = Framer(framing: .delimiter([10]), maxFrame: 64)
            var frames: [RawFrame] = []
            framer.feed(Array("partial".utf8), at: 1, into: &frames)
            #expect(framer.reset() == 7)
            framer.feed(Array("next\n".utf8), at: 2, into: &frames)
            #expect(frames.map { String(decoding: $0.bytes, as: UTF8.self) } == ["next"])
        }
    }
}
