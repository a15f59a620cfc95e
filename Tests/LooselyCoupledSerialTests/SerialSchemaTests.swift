import LooselyCoupled
import Testing

@testable import LooselyCoupledSerial

extension SerialModuleTests {
    @Suite("serial config")
    struct SerialSchemaTests {
        static func problems(_ yaml: String) throws -> [String] {
            SerialModule.problems(in: try serialConfig(yaml)).map { "\($0.path): \($0.message)" }
        }

        @Test(
            "defaults: 9600 8N1, no flow control, \\r\\n lines as text, 4 KiB frames, reconnect 1 s to 30 s, exclusive")
        func defaults() throws {
            let config = try serialConfig("device: /dev/ttyUSB0\n").decode(SerialConfiguration.self)
            #expect(
                config.settings
                    == SerialSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1, flowControl: .none))
            #expect(config.framing == .delimiter([13, 10]))
            #expect(config.encoding == .text)
            #expect(config.maxFrame == 4096)
            #expect(config.reconnect.initial.duration == .seconds(1))
            #expect(config.reconnect.max.duration == .seconds(30))
            #expect(config.exclusive)
            #expect(config.silenceTimeout == nil)
            #expect(config.backend == .hardware)
            #expect(try Self.problems("device: /dev/ttyUSB0\n").isEmpty)
        }

        @Test("every framing is read: a text or byte-list delimiter, a length, an idle gap")
        func framings() throws {
            #expect(
                try serialConfig("device: x\nframing: {delimiter: [16, 3]}\n").decode(SerialConfiguration.self).framing
                    == .delimiter([16, 3]))
            #expect(
                try serialConfig("device: x\nframing: {delimiter: \"\\x03\"}\n").decode(SerialConfiguration.self)
                    .framing == .delimiter([3]))
            #expect(
                try serialConfig("device: x\nframing: {length: 16}\n").decode(SerialConfiguration.self).framing
                    == .length(16))
            #expect(
                try serialConfig("device: x\nframing: {idle_gap: 50ms}\n").decode(SerialConfiguration.self).framing
                    == .idleGap(nanoseconds: 50_000_000))
        }

        @Test("a rate Linux does not offer is an error that suggests the nearest ones")
        func baud() throws {
            #expect(
                try Self.problems("device: x\nbaud: 9601\n") == [
                    "baud: Linux has no rate 9601 (did you mean 9600 or 19200?); the rates are 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000, 2000000, 2500000, 3000000, 3500000, 4000000"
                ])
            #expect(throws: ConfigErrors.self) { try serialConfig("device: x\nbaud: 5000000\n") }
            #expect(try Self.problems("device: x\nbaud: 4000000\n").isEmpty)
        }

        @Test(
            "framing needs exactly one kind; a length fits max_frame; durations are positive; replies fit the encoding")
        func problems() throws {
            #expect(
                try Self.problems("device: x\nframing: {}\n") == [
                    "framing: framing needs exactly one of delimiter (\"\\r\\n\"), length (16) or idle_gap (50ms)"
                ])
            #expect(
                try Self.problems("device: x\nframing: {length: 4, idle_gap: 10ms}\n").first?.hasSuffix(
                    "; it has length and idle_gap") == true)
            #expect(
                try Self.problems("device: x\nframing: {length: 100}\nmax_frame: 64\n") == [
                    "framing.length: a frame of 100 bytes is longer than max_frame (64); raise max_frame"
                ])
            #expect(
                try Self.problems(
                    "device: x\nframing: {idle_gap: 0}\nreconnect: {initial: 2s, max: 1s}\nsilence_timeout: 0\n") == [
                        "framing.idle_gap: expected a positive duration",
                        "reconnect.max: max (1.0 seconds) is shorter than initial (2.0 seconds)",
                        "silence_timeout: expected a positive duration",
                    ])
            #expect(
                try Self.problems("device: x\nencoding: hex\nsimulate: {replies: {\"0d0a\": \"zz\"}}\n") == [
                    "simulate.replies.0d0a: the reply not valid hex: not a hex digit at position 1"
                ])
            #expect(throws: ConfigErrors.self) { try serialConfig("baud: 9600\n") }
            #expect(throws: ConfigErrors.self) { try serialConfig("device: x\nparity: mark\n") }
        }
    }
}

extension SerialModuleTests {
    @Suite("ReconnectBackoff")
    struct ReconnectBackoffTests {
        @Test("waits double from initial up to max; an open starts over")
        func doubling() {
            var backoff = ReconnectBackoff(initial: .seconds(1), max: .seconds(30))
            #expect((0..<7).map { _ in backoff.next() } == [1, 2, 4, 8, 16, 30, 30].map { Duration.seconds($0) })
            backoff.reset()
            #expect(backoff.next() == .seconds(1))
            var tight = ReconnectBackoff(initial: .milliseconds(50), max: .milliseconds(10))
            #expect(tight.next() == .milliseconds(50))
            #expect(tight.next() == .milliseconds(50))
        }
    }
}
