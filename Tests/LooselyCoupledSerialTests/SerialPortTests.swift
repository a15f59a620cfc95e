import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledSerial

#if canImport(Glibc)
    import Glibc
#endif

extension SerialModuleTests {
    /// The module on real pseudo-terminals: the hardware backend's termios, reads, writes and
    /// requests, with the test playing the device on the controlling side.
    @Suite("serial module on a pseudo-terminal")
    struct SerialPortTests {
        @Test(
            "delimited, fixed-length and idle-gap frames arrive as serial_frame events, in order",
            arguments: [
                ("{delimiter: \"\\r\\n\"}", ["one\r\ntw", "o\r\nthree\r\n"], ["one", "two", "three"]),
                ("{length: 4}", ["abcdef", "gh"], ["abcd", "efgh"]),
                ("{idle_gap: 30ms}", ["burst one"], ["burst one"]),
            ])
        func framings(framing: String, sent: [String], expected: [String]) async throws {
            let pty = try PseudoTerminal()
            try await withSerial("device: \(pty.path)\nframing: \(framing)\n") { manager, log in
                for chunk in sent { try pty.send(chunk) }
                let events = try await log.wait(for: "serial_frame", count: expected.count)
                #expect(log.frames == expected)
                for event in events.named("serial_frame") {
                    #expect(event.payload["module"] == "port")
                    #expect((event.payload["timestamp_ns"]?.intValue ?? 0) > 0)
                }
            }
        }

        @Test("serial_connected names the device at start; write_line appends the delimiter, write sends hex as bytes")
        func writes() async throws {
            let pty = try PseudoTerminal()
            try await withSerial("device: \(pty.path)\n") { manager, log in
                let connected = try await log.wait(for: "serial_connected")
                #expect(connected.first?.payload["device"] == .string(pty.path))
                #expect(try await manager.call("port.write_line", ["text": "hello"]) == ["bytes": 7])
                #expect(try await onPlainThread { try pty.receive(count: 7) } == Array("hello\r\n".utf8))
            }
            let binary = try PseudoTerminal()
            try await withSerial("device: \(binary.path)\nencoding: hex\nframing: {length: 3}\n") { manager, log in
                _ = try await manager.call("port.write", ["data": "00ff0d"])
                #expect(try await onPlainThread { try binary.receive(count: 3) } == [0x00, 0xFF, 0x0D])
                try binary.send([0x01, 0x02, 0xFE])
                try await log.wait(for: "serial_frame")
                #expect(log.frames == ["0102fe"])
            }
        }

        @Test("request returns the device's reply; concurrent requests are answered in order, never crossed")
        func requests() async throws {
            let pty = try PseudoTerminal()
            // The device answers Qn with An, sends an unsolicited reading first for every third.
            let device = try DeviceResponder(pty) { line in
                guard line.hasPrefix("Q"), let n = Int(line.dropFirst()) else { return nil }
                return Array(((n % 3 == 0 ? "T=21.5\r\n" : "") + "A\(n)\r\n").utf8)
            }
            defer { device.stop() }
            try await withSerial("device: \(pty.path)\n") { manager, log in
                #expect(try await manager.call("port.request", ["line": "Q1"])["data"] == "A1")
                let replies = try await withThrowingTaskGroup(of: (Int, Value).self) { group in
                    for n in 2...21 {
                        group.addTask {
                            (
                                n,
                                try await manager.call(
                                    "port.request", ["line": .string("Q\(n)"), "expect": "^A", "timeout": "5s"])
                            )
                        }
                    }
                    var replies: [Int: Value] = [:]
                    for try await (n, reply) in group { replies[n] = reply }
                    return replies
                }
                for n in 2...21 { #expect(replies[n]?["data"] == .string("A\(n)"), "request Q\(n)") }
                // Requests go out one at a time, each after the one before was answered.
                #expect(device.received.count == 21)
                try await log.wait("the unsolicited readings as frames too") {
                    $0.named("serial_frame").count >= 21 + 7
                }
            }
        }

        @Test("a request nobody answers fails with timeout, not before its timeout; the next one is answered")
        func requestTimeout() async throws {
            let pty = try PseudoTerminal()
            let device = try DeviceResponder(pty) { line in line == "PING" ? Array("PONG\r\n".utf8) : nil }
            defer { device.stop() }
            try await withSerial("device: \(pty.path)\n") { manager, _ in
                let start = ContinuousClock.now
                let error = await #expect(throws: CallError.self) {
                    try await manager.call("port.request", ["line": "SILENT", "timeout": "200ms"])
                }
                #expect(error?.code == .timeout)
                #expect(ContinuousClock.now - start >= .milliseconds(200))
                let reply = try await manager.call("port.request", ["line": "PING"])
                #expect(reply["data"] == "PONG")
                let expectMiss = await #expect(throws: CallError.self) {
                    try await manager.call("port.request", ["line": "PING", "expect": "^OK$", "timeout": "200ms"])
                }
                #expect(expectMiss?.code == .timeout)
                let badRegex = await #expect(throws: CallError.self) {
                    try await manager.call("port.request", ["line": "PING", "expect": "(unclosed"])
                }
                #expect(badRegex?.code == .invalidArguments)
            }
        }

        @Test(
            "baud, data bits, parity, stop bits and flow control are read back from the terminal as configured",
            arguments: [
                ("baud: 115200\nstop_bits: 2\nflow_control: rtscts\n", 115_200, 2, "rtscts"),
                ("baud: 4000000\nflow_control: xonxoff\nexclusive: false\n", 4_000_000, 1, "xonxoff"),
                ("baud: 300\n", 300, 1, "none"),
            ])
        func settingsReadBack(yaml: String, baud: Int, stopBits: Int, flow: String) async throws {
            let pty = try PseudoTerminal()
            try await withSerial("device: \(pty.path)\n" + yaml) { manager, _ in
                let (settings, exclusive) = try pty.terminalSettings()
                var copy = settings
                #expect(BaudRate.rate(of: cfgetospeed(&copy)) == baud)
                #expect(settings.c_cflag & tcflag_t(CSIZE) == tcflag_t(CS8))
                #expect(settings.c_cflag & tcflag_t(PARENB) == 0)
                #expect((settings.c_cflag & tcflag_t(CSTOPB) != 0) == (stopBits == 2))
                #expect((settings.c_cflag & tcflag_t(CRTSCTS) != 0) == (flow == "rtscts"))
                #expect((settings.c_iflag & tcflag_t(IXON | IXOFF) != 0) == (flow == "xonxoff"))
                #expect(settings.c_lflag & tcflag_t(ICANON | ECHO | ISIG) == 0, "raw: no line discipline, no echo")
                #expect(exclusive == (yaml.contains("exclusive: false") ? 0 : 1), "TIOCEXCL as configured")
                let status = try await manager.call("port.status")
                #expect(status["settings"]?["baud"] == .int(baud))
                #expect(status["settings"]?["flow_control"] == .string(flow))
                #expect(status["resolved"] == .string(pty.path))
            }
        }

        @Test("a module that falls behind pauses reading: with a queue of 4 items, 2000 lines all arrive, in order")
        func fallsBehindWithoutLoss() async throws {
            let pty = try PseudoTerminal()
            var configuration = ModuleManager.Configuration()
            configuration.queueCapacity = 4
            try await withSerial("device: \(pty.path)\n", configuration: configuration) { manager, log in
                let lines = (0..<2000).map { "line \($0)" }
                let bytes = Array(lines.map { $0 + "\r\n" }.joined().utf8)
                try await onPlainThread { try pty.send(bytes) }
                try await log.wait(for: "serial_frame", count: lines.count, timeout: .seconds(30))
                #expect(log.frames == lines)
                #expect(manager.statistics.dropped == 0)
            }
        }

        @Test("a setting the driver does not take fails the start, naming the setting and the device (a pty keeps 8N)")
        func refusedSetting() async throws {
            let pty = try PseudoTerminal()
            let failure = await startFailure("device: \(pty.path)\ndata_bits: 7\nparity: even\n")
            #expect(
                failure?.contains(
                    "\(pty.path): the driver did not take data_bits 7 (it kept 8), parity even (it kept none)") == true,
                "\(failure ?? "started")")
        }

        @Test("a missing device and a file that is no serial port are errors that say so")
        func openErrors() async throws {
            let missing = await startFailure("device: /dev/serial/by-id/usb-nothing-here\n")
            #expect(
                missing?.contains(
                    "cannot open /dev/serial/by-id/usb-nothing-here: no such device (is the adapter plugged in?")
                    == true, "\(missing ?? "started")")
            let notATerminal = await startFailure("device: /dev/null\n")
            #expect(notATerminal?.contains("/dev/null: not a serial port") == true, "\(notATerminal ?? "started")")
        }
    }
}
