import CSerialTestSupport
import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledSerial

#if canImport(Glibc)
    import Glibc
#endif

extension SerialModuleTests {
    /// Unplugging and plugging back, on pseudo-terminals behind a symlink as /dev/serial/by-id
    /// links are: the module notices, fails writes at once, and reopens by itself.
    @Suite("serial module: unplug and reconnect")
    struct SerialReconnectTests {
        @Test(
            "closing the device side gives serial_disconnected; writes fail at once; a new pty behind the same link gives serial_connected within the backoff"
        )
        func reconnect() async throws {
            let directory = makeTemporaryDirectory("lc-serial")
            defer { removeDirectory(directory) }
            let link = directory + "/usb-Test_Adapter-if00-port0"
            defer { unlink(link) }
            let first = try PseudoTerminal()
            pointLink(link, at: first.path)
            let yaml = "device: \(link)\nreconnect: {initial: 50ms, max: 200ms}\n"
            try await withSerial(yaml) { manager, log in
                try await log.wait(for: "serial_connected")
                #expect(try await manager.call("port.status")["resolved"] == .string(first.path))

                // Unplugged: the device side closes, and udev removes the link (its pts number may
                // go to another test's pseudo-terminal, which the module must not open).
                first.close()
                unlink(link)
                let events = try await log.wait(for: "serial_disconnected")
                let disconnected = try #require(events.named("serial_disconnected").first)
                #expect(disconnected.payload["device"] == .string(link))
                #expect(disconnected.payload["resolved"] == .string(first.path))
                #expect(disconnected.payload["reason"]?.stringValue?.isEmpty == false)

                let start = ContinuousClock.now
                let error = await #expect(throws: CallError.self) {
                    try await manager.call("port.write_line", ["text": "lost"])
                }
                #expect(ContinuousClock.now - start < .seconds(1), "fails at once, never waits")
                #expect(error?.code == .disconnected)
                #expect((error?.underlying as? SerialError)?.code == .disconnected)
                let requestError = await #expect(throws: CallError.self) {
                    try await manager.call("port.request", ["line": "lost"])
                }
                #expect((requestError?.underlying as? SerialError)?.code == .disconnected)
                #expect(try await manager.call("port.status")["open"] == false)

                // The adapter comes back under another name; udev points the link at it.
                let second = try PseudoTerminal()
                pointLink(link, at: second.path)
                let device = try DeviceResponder(second) { line in line == "PING" ? Array("PONG\r\n".utf8) : nil }
                defer { device.stop() }
                let reconnected = try await log.wait(for: "serial_connected", count: 2, timeout: .seconds(10))
                let connected = try #require(reconnected.named("serial_connected").last)
                #expect(connected.payload["device"] == .string(link))
                #expect(connected.payload["resolved"] == .string(second.path))
                let reply = try await manager.call("port.request", ["line": "PING"])
                #expect(reply["data"] == "PONG")
                let status = try await manager.call("port.status")
                #expect(status["open"] == true)
                #expect(status["counters"]?["reconnects"] == 1)
            }
        }

        @Test("a link that vanishes while the port stays open counts as unplugged")
        func vanishedPath() async throws {
            let directory = makeTemporaryDirectory("lc-serial")
            defer { removeDirectory(directory) }
            let link = directory + "/usb-Vanishing-if00-port0"
            defer { unlink(link) }
            let pty = try PseudoTerminal()
            pointLink(link, at: pty.path)
            try await withSerial("device: \(link)\nreconnect: {initial: 50ms, max: 100ms}\n") { manager, log in
                try await log.wait(for: "serial_connected")
                unlink(link)
                let events = try await log.wait(for: "serial_disconnected", timeout: .seconds(10))
                #expect(
                    events.named("serial_disconnected").first?.payload["reason"]?.stringValue?.contains("vanished")
                        == true)
                pointLink(link, at: pty.path)
                try await log.wait(for: "serial_connected", count: 2)
            }
        }

        @Test("a busy port (TIOCEXCL) is refused with EBUSY, naming the process that holds it")
        func busy() async throws {
            let pty = try PseudoTerminal()
            // Root opens an exclusive terminal all the same; a process without that privilege is
            // refused. The second open runs on a thread that gave up root for itself alone.
            chmod(pty.path, 0o666)
            try await withSerial("device: \(pty.path)\n") { _, log in
                try await log.wait(for: "serial_connected")
                let outcome: String = try await onPlainThread {
                    let dropped = geteuid() == 0 ? lc_test_thread_seteuid(65_534) == 0 : true
                    defer { if dropped && getuid() == 0 { _ = lc_test_thread_seteuid(0) } }
                    do throws(SerialError) {
                        _ = try HardwareSerial().open(pty.path, settings: SerialSettings(), exclusive: true)
                        return "opened"
                    } catch {
                        return "\(error.code): \(error)"
                    }
                }
                #expect(
                    outcome.hasPrefix("busy: cannot open \(pty.path): the port is busy, held exclusively by '"),
                    "\(outcome)")
                #expect(outcome.contains("(pid \(getpid()), this daemon"), "\(outcome)")
                #expect(outcome.hasSuffix("[Device or resource busy (errno 16)]"), "\(outcome)")
            }
        }

        @Test("silence_timeout: serial_silent once, not before the timeout after the last byte, again after new data")
        func silence() async throws {
            let pty = try PseudoTerminal()
            try await withSerial("device: \(pty.path)\nsilence_timeout: 150ms\n") { _, log in
                try await log.wait(for: "serial_silent")
                try pty.send("tick\r\n")
                let frame = try #require(try await log.wait(for: "serial_frame").named("serial_frame").first)
                let events = try await log.wait(for: "serial_silent", count: 2)
                let silent = events.named("serial_silent")
                #expect(silent.last?.payload["seconds"] == 0.15)
                let after = Int(silent[1].metadata.enqueuedAt) - (frame.payload["timestamp_ns"]?.intValue ?? 0)
                #expect(after >= 150_000_000, "\(after) ns after the last byte")
            }
        }

        @Test("overlong input is cut, counted in status, and every byte is counted")
        func counters() async throws {
            let pty = try PseudoTerminal()
            try await withSerial("device: \(pty.path)\nmax_frame: 8\n") { manager, log in
                try pty.send("0123456789abcdef-tail\r\nok\r\n")
                try await log.wait(for: "serial_frame", count: 4)
                #expect(log.frames == ["01234567", "89abcdef", "-tail", "ok"])
                #expect(log.events.named("serial_frame").map { $0.payload["cut"] } == [true, true, nil, nil])
                let counters = try #require(try await manager.call("port.status")["counters"])
                #expect(counters["bytes_in"] == 27)
                #expect(counters["frames"] == 4)
                #expect(counters["cut_frames"] == 2)
            }
        }
    }
}
