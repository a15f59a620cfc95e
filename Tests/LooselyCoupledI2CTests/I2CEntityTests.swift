import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledI2C

/// The module's entities (DESIGN §2b): a BME280's sensors, an expander's binary sensors and
/// switches, a raw device's registers.
@Suite("I2CModule: entities")
struct I2CEntityTests {
    @Test("a BME280 is three sensors with device classes and units, set by its readings")
    func bme280Sensors() async throws {
        try await withSensors(I2CModuleTests.yaml) { manager, log, _ in
            try await log.wait(named: "i2c_reading")
            let sensors = try manager.states(matching: "sensors.climate_*")
            #expect(
                sensors.map { "\($0.id) \($0.entity.kind) \($0.entity.deviceClass ?? "-") \($0.entity.unit ?? "-")" }
                    == [
                        "sensors.climate_temperature sensor temperature °C",
                        "sensors.climate_humidity sensor humidity %",
                        "sensors.climate_pressure sensor atmospheric_pressure hPa",
                    ])
            let values = sensors.map { $0.state.doubleValue ?? .nan }
            #expect(abs(values[0] - 21.5) < 0.01 && abs(values[1] - 45) < 0.01 && abs(values[2] - 1013.25) < 0.01)
        }
    }

    @Test("expander inputs are binary sensors that follow the pins; outputs are switches that set them")
    func expanderPins() async throws {
        try await withSensors(I2CModuleTests.yaml) { manager, log, world in
            try await log.wait("the relays' inputs read") { _ in
                (try? manager.states(matching: "sensors.relays_0").first?.state) == "on"
            }
            let relays = try manager.states(matching: "sensors.relays_*")
            #expect(
                relays.map { "\($0.id) \($0.entity.kind)" } == [
                    "sensors.relays_0 binary_sensor", "sensors.relays_1 binary_sensor", "sensors.relays_4 switch",
                    "sensors.relays_5 switch", "sensors.relays_6 switch", "sensors.relays_7 switch",
                ])
            _ = try await manager.call("sensors.simulate", ["device": "relays", "pin": 1, "value": false])
            try await log.wait(named: "i2c_input")
            #expect(try manager.states(matching: "sensors.relays_1").first?.state == "off")

            _ = try await manager.setEntity("sensors.relays_5", to: "on")
            #expect(world.update(bus: 1, address: 0x20) { $0.latch }.map { $0 & 0b0010_0000 != 0 } == true)
            #expect(try manager.states(matching: "sensors.relays_5").first?.state == "on")
            _ = try await manager.setEntity("sensors.relays_5", to: "toggle")
            #expect(world.update(bus: 1, address: 0x20) { $0.latch }.map { $0 & 0b0010_0000 != 0 } == false)
            let refused = await #expect(throws: CallError.self) {
                try await manager.setEntity("sensors.relays_0", to: "on")
            }
            #expect(refused?.code == .readOnlyEntity)
        }
    }

    @Test("check knows the entities from the config alone; names that make one key twice are a problem")
    func entitiesForCheck() throws {
        let config = try i2cConfig(I2CModuleTests.yaml)
        #expect(
            I2CModule.entities(in: config)?.map(\.key) == [
                "climate_temperature", "climate_humidity", "climate_pressure", "custom_temp", "ports_0", "ports_1",
                "ports_8", "relays_0", "relays_1", "relays_4", "relays_5", "relays_6", "relays_7",
            ])
        let clash = try i2cConfig(
            """
            devices:
              a_b: {driver: raw, address: 0x48, registers: {c: {register: 0}}}
              a: {driver: raw, address: 0x49, registers: {b_c: {register: 1}}}
            """)
        let messages = I2CModule.problems(in: clash).map { "\($0.path): \($0.message)" }
        #expect(messages == ["devices.a_b: its entity key 'a_b_c' is also device 'a''s; rename one"])
    }
}
