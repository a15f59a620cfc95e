import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledSerial

extension SerialModuleTests {
    /// `backend: simulated`: the scripted device answers, sends, and can be unplugged.
    @Suite("serial module: simulated backend")
    struct SimulatedSerialTests {
        static let yaml = """
            device: /dev/ttyUSB0
            backend: simulated
            reconnect: {initial: 20ms, max: 100ms}
            simulate:
              replies: {"PING": "PONG", "*IDN?": "ACME,42"}
            """

        @Test("the scripted device answers its replies and sends what simulate gives it")
        func replies() async throws {
            try await withSerial(Self.yaml) { manager, log in
                #expect(try await manager.call("port.request", ["line": "PING"])["data"] == "PONG")
                #expect(try await manager.call("port.request", ["data": "*IDN?\r\n"])["data"] == "ACME,42")
                _ = try await manager.call("port.simulate", ["data": "READY\r\n"])
                try await log.wait("READY as a frame") { $0.contains { $0.payload["data"] == "READY" } }
                let status = try await manager.call("port.status")
                #expect(status["backend"] == "simulated")
                #expect(status["last_frame"] == "READY")
                #expect(status["framing"] == "delimiter \"\\r\\n\"")
            }
        }

        @Test("unplugged: serial_disconnected, writes fail at once; plugged in: serial_connected and answers again")
        func unplug() async throws {
            try await withSerial(Self.yaml) { manager, log in
                try await log.wait(for: "serial_connected")
                _ = try await manager.call("port.simulate", ["connected": false])
                try await log.wait(for: "serial_disconnected")
                let error = await #expect(throws: CallError.self) {
                    try await manager.call("port.write", ["data": "x"])
                }
                #expect(error?.code == .disconnected)
                #expect((error?.underlying as? SerialError)?.code == .disconnected)
                _ = try await manager.call("port.simulate", ["connected": true])
                try await log.wait(for: "serial_connected", count: 2)
                #expect(try await manager.call("port.request", ["line": "PING"])["data"] == "PONG")
            }
        }

        @Test("simulate on a real port, write_line without a delimiter and bad data are invalid_arguments")
        func invalid() async throws {
            try await withSerial(
                "device: /dev/ttyUSB0\nbackend: simulated\nencoding: hex\nsimulate: {replies: {\"50494e47\": \"504f4e47\"}}\n"
            ) { manager, _ in
                let reply = try await manager.call("port.request", ["data": "50494e470d0a"])
                #expect(reply["data"] == "504f4e47")
                let bad = await #expect(throws: CallError.self) {
                    try await manager.call("port.write", ["data": "xyz"])
                }
                #expect(bad?.code == .invalidArguments)
                #expect(bad?.message.contains("not valid hex") == true)
                let missing = await #expect(throws: CallError.self) { try await manager.call("port.write", [:]) }
                #expect(missing?.code == .invalidArguments)
            }
            let pty = try PseudoTerminal()
            try await withSerial("device: \(pty.path)\nframing: {length: 4}\n") { manager, _ in
                let simulate = await #expect(throws: CallError.self) {
                    try await manager.call("port.simulate", ["data": "x"])
                }
                #expect(simulate?.message.contains("needs the simulated backend") == true)
                let line = await #expect(throws: CallError.self) {
                    try await manager.call("port.write_line", ["text": "x"])
                }
                #expect(line?.message.contains("appends the framing's delimiter") == true)
            }
        }
    }
}
