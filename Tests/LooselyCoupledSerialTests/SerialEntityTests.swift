import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledSerial

extension SerialModuleTests {
    /// The module's entities: `MODULE.connected` follows the port, `MODULE.last_frame` the frames.
    @Suite("serial module: entities")
    struct SerialEntityTests {
        @Test(
            "MODULE.connected is a connectivity binary_sensor that follows the port; MODULE.last_frame holds the last frame's data"
        )
        func entities() async throws {
            try await withSerial(SimulatedSerialTests.yaml) { manager, log in
                try await log.wait(for: "serial_connected")
                let entities = try manager.states(matching: "port.*")
                #expect(
                    entities.map { "\($0.id) \($0.entity.kind)" } == [
                        "port.connected binary_sensor", "port.last_frame sensor",
                    ])
                #expect(entities.first?.entity.deviceClass == "connectivity")
                #expect(entities.first?.state == "on")
                #expect(entities.first?.attributes == ["device": "/dev/ttyUSB0"])
                #expect(entities.last?.state == "unknown", "no frame yet")

                _ = try await manager.call("port.simulate", ["data": "T=21.5\r\nT=21.6\r\n"])
                try await log.wait(for: "serial_frame", count: 2)
                #expect(try manager.states(matching: "port.last_frame").first?.state == "T=21.6")

                _ = try await manager.call("port.simulate", ["connected": false])
                try await log.wait(for: "serial_disconnected")
                let off = try manager.states(matching: "port.connected").first
                #expect(off?.state == "off")
                #expect(off?.attributes["reason"]?.stringValue?.contains("unplugged") == true)

                _ = try await manager.call("port.simulate", ["connected": true])
                try await log.wait(for: "serial_connected", count: 2)
                #expect(try manager.states(matching: "port.connected").first?.state == "on")
            }
        }

        @Test("check knows a serial module's entities from its config alone")
        func entitiesForCheck() throws {
            let config = try serialConfig("device: /dev/ttyUSB0\n")
            #expect(SerialModule.entities(in: config)?.map(\.key) == ["connected", "last_frame"])
            #expect(SerialModule.entities(in: ["device": 1]) == nil)
        }
    }
}
