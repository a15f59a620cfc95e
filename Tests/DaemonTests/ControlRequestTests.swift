import LooselyCoupled
import Testing

@testable import LooselyCoupledDaemon

@Suite("ControlRequest")
struct ControlRequestTests {
    @Test("decodes each op with its defaults")
    func decodes() throws {
        #expect(
            try ControlRequest(["op": "call", "target": "clock.list"])
                == .call(target: "clock.list", arguments: [:], timeout: .seconds(10)))
        #expect(
            try ControlRequest(["op": "call", "target": "a.b", "args": ["x": 1], "timeout": 0.5])
                == .call(target: "a.b", arguments: ["x": 1], timeout: .milliseconds(500)))
        #expect(
            try ControlRequest(["op": "trigger", "event": "e"]) == .trigger(event: "e", payload: [:], priority: .normal)
        )
        #expect(
            try ControlRequest(["op": "trigger", "event": "e", "payload": [1], "priority": "lowest"])
                == .trigger(event: "e", payload: [1], priority: .lowest))
        #expect(try ControlRequest(["op": "status"]) == .status)
        #expect(try ControlRequest(["op": "events"]) == .events(pattern: "*"))
        #expect(try ControlRequest(["op": "events", "match": "gpio_*"]) == .events(pattern: "gpio_*"))
    }

    static let badRequests: [(Value, String)] = [
        (Value.array([]), "invalid_request"),
        (["op": 1], "invalid_request"),
        (["op": "reboot"], "unknown_op"),
        (["op": "call"], "invalid_request"),
        (["op": "call", "target": ""], "invalid_request"),
        (["op": "call", "target": "a.b", "timeout": 0], "invalid_request"),
        (["op": "call", "target": "a.b", "timeout": 4000], "invalid_request"),
        (["op": "trigger", "event": "e", "priority": "urgent"], "invalid_request"),
        (["op": "events", "match": 3], "invalid_request"),
    ]

    @Test("names what is wrong with a bad request", arguments: badRequests)
    func rejects(_ request: Value, code: String) {
        do {
            _ = try ControlRequest(request)
            Issue.record("accepted \(request)")
        } catch {
            #expect(error.code == code)
        }
    }
}
