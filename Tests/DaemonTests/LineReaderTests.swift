import LooselyCoupledPOSIX
import Testing

@testable import LooselyCoupledDaemon

#if canImport(Glibc)
    import Glibc
#endif

@Suite("LineReader")
struct LineReaderTests {
    /// A reader over one end of a socket pair whose other end has `bytes` written and closed.
    private func reader(_ bytes: [UInt8], limit: Int) throws -> LineReader {
        var pair: [Int32] = [-1, -1]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
        let writer = SocketDescriptor(pair[1])
        try writer.send(bytes)
        writer.close()
        return LineReader(descriptor: pair[0], limit: limit)
    }

    private func lines(_ text: String, limit: Int = 8) throws -> [LineReader.Line] {
        var reader = try reader(Array(text.utf8), limit: limit)
        defer { close(reader.descriptor) }
        var lines: [LineReader.Line] = []
        while true {
            let line = try reader.next()
            lines.append(line)
            if line == .end { return lines }
        }
    }

    @Test("splits lines, drops \\r before \\n, and returns a last line without newline")
    func splits() throws {
        #expect(
            try lines("a\nbc\r\n\nlast") == [
                .line(Array("a".utf8)), .line(Array("bc".utf8)), .line([]), .line(Array("last".utf8)), .end,
            ])
    }

    @Test("a line over the limit is reported once and skipped; the next line reads normally")
    func tooLong() throws {
        #expect(
            try lines("12345678\n123456789\nok\n") == [
                .line(Array("12345678".utf8)), .tooLong, .line(Array("ok".utf8)), .end,
            ])
        #expect(try lines("123456789012345678901234567890\nok") == [.tooLong, .line(Array("ok".utf8)), .end])
        #expect(try lines("123456789012345678901234567890") == [.tooLong, .end])
    }

    @Test("a long stream in many reads loses nothing")
    func manyReads() throws {
        let text = (0..<20_000).map { "line \($0)\n" }.joined()
        var reader = try reader(Array(text.utf8), limit: 100)
        defer { close(reader.descriptor) }
        var count = 0
        while case .line(let line) = try reader.next() {
            #expect(String(decoding: line, as: UTF8.self) == "line \(count)")
            count += 1
        }
        #expect(count == 20_000)
    }
}
