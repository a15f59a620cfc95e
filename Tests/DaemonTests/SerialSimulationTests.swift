import LooselyCoupled
import LooselyCoupledTestKit
import Testing

/// A simulated serial module in the real daemon, asked with `looselycoupled call`, watched with
/// `looselycoupled events` and `states`, and unplugged, as a user on a laptop would.
@Suite("serial in the daemon")
struct SerialSimulationTests {
    static let meterConfig = """
        modules:
          meter:
            type: serial
            device: /dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0
            backend: simulated
            reconnect: {initial: 50ms, max: 200ms}
            simulate:
              replies: {"PING": "PONG"}
        """

    @Test(
        "request and serial_frame through the CLI; unplugged, a write exits 1 with the code disconnected and meter.connected reads off; plugged in, the next request is answered"
    )
    func unplugAndPlugIn() async throws {
        let daemon = try await TestDaemon(config: Self.meterConfig)
        let watcher = try await EventsClient(daemon, matching: "serial_*")

        let reply = try await daemon.client(["call", "meter.request", #"{"line": "PING"}"#])
        #expect(reply.code == 0, "\(reply.stderr)")
        #expect(try Value(json: reply.stdout.joined())["data"] == "PONG")
        let sent = try await daemon.client(["call", "meter.simulate", #"{"data": "T=21.5\r\n"}"#])
        #expect(sent.code == 0, "\(sent.stderr)")
        let frames = try await watcher.events(until: "serial_frame", count: 2)
        #expect(
            frames.filter { $0["event"] == "serial_frame" }.map { $0["payload"]?["data"] } == ["PONG", "T=21.5"])

        _ = try await daemon.client(["call", "meter.simulate", #"{"connected": false}"#])
        let lost = try await watcher.events(until: "serial_disconnected")
        let connectedBefore = lost.count { $0["event"] == "serial_connected" }
        let refused = try await daemon.client(["call", "meter.write_line", #"{"text": "ATZ"}"#])
        #expect(refused.code == 1)
        #expect(try Value(json: refused.stderr.joined())["error"]?["code"] == "disconnected", "\(refused.stderr)")
        let states = try await daemon.client(["states", "meter.*", "--json"])
        let entities = try Value(json: states.stdout.joined(separator: "\n")).arrayValue ?? []
        #expect(entities.map { $0["entity"] } == ["meter.connected", "meter.last_frame"])
        #expect(entities.map { $0["state"] } == ["off", "T=21.5"])

        _ = try await daemon.client(["call", "meter.simulate", #"{"connected": true}"#])
        _ = try await watcher.events(until: "serial_connected", count: connectedBefore + 1)
        let again = try await daemon.client(["call", "meter.request", #"{"line": "PING"}"#])
        #expect(try Value(json: again.stdout.joined())["data"] == "PONG", "\(again.stderr)")
        #expect(try await daemon.terminate() == 0)
    }
}
