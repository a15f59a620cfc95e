import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledSerial

extension SerialModuleTests {
    /// Random bytes from a device on a real pseudo-terminal, through the whole module with each
    /// framing and encoding: it keeps running, counts every byte, and still answers.
    @Suite("serial module: random bytes from the device", .serialized)
    struct SerialFuzzTests {
        /// Text is only paired with a delimiter: its frames are recognised by the END after the
        /// noise, while the others are counted by decoding every frame back to its bytes.
        static let cases: [(framing: String, encoding: String)] = [
            ("{delimiter: \"\\r\\n\"}", "text"), ("{delimiter: [0]}", "hex"), ("{length: 5}", "base64"),
            ("{idle_gap: 5ms}", "hex"), ("{delimiter: \"\\n\"}", "base64"), ("{length: 1}", "hex"),
        ]

        @Test("the module survives random bytes and counts them all", arguments: cases)
        func randomBytes(framing: String, encoding: String) async throws {
            let pty = try PseudoTerminal()
            var generator = SeededGenerator(seed: UInt64(framing.utf8.count * 31 + encoding.utf8.count))
            let bytes = (0..<2_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            try await withSerial("device: \(pty.path)\nframing: \(framing)\nencoding: \(encoding)\nmax_frame: 64\n") {
                manager, log in
                let decoder = try #require(FrameEncoding(rawValue: encoding))
                let config = try serialConfig("device: x\nframing: \(framing)\n").decode(SerialConfiguration.self)
                // After the noise, a tail that ends in a frame the test can recognise: the delimiter,
                // END and the delimiter again; for the other framings every byte is in some frame.
                let tail = config.framing.delimiter.map { $0 + Array("END".utf8) + $0 } ?? []
                let stream = bytes + tail
                var chunks: [[UInt8]] = []
                var offset = 0
                while offset < stream.count {
                    let take = min(stream.count - offset, 1 + Int(generator.next() % 700))
                    chunks.append(Array(stream[offset..<(offset + take)]))
                    offset += take
                }
                // From a plain thread: a write waits while the pty's buffer is full.
                try await onPlainThread { [chunks] in for chunk in chunks { try pty.send(chunk) } }
                let end = decoder.encode(Array("END".utf8))
                // Counted as the events come, so each check looks at the new ones only.
                let framed = Locked((seen: 0, bytes: 0, last: ""))
                try await log.wait("every byte framed", timeout: .seconds(20)) { events in
                    framed.withLock { framed in
                        for event in events[framed.seen...] where event.name == "serial_frame" {
                            let data = event.payload["data"]?.stringValue ?? ""
                            framed.bytes += (try? decoder.decode(data).count) ?? 0
                            framed.last = data
                        }
                        framed.seen = events.count
                        return tail.isEmpty ? framed.bytes == stream.count : framed.last == end
                    }
                }
                let status = try await manager.call("port.status")
                #expect(status["open"] == true)
                #expect(status["counters"]?["bytes_in"] == .int(stream.count))
                if encoding != "text" {
                    for data in log.frames { #expect(throws: Never.self) { try decoder.decode(data) } }
                }
            }
        }
    }
}
