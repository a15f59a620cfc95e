import LooselyCoupled
import Testing

@testable import LooselyCoupledI2C

@Suite("I2CModule schema")
struct I2CModuleSchemaTests {
    @Test("the issue's example config validates, with the defaults filled in")
    func example() throws {
        let config = try i2cConfig(
            """
            bus: 1
            backend: hardware
            devices:
              climate: {driver: bme280, address: 0x76, poll: 30s}
              relays: {driver: pcf8574, address: 0x20, inputs: [0, 1], outputs: [4, 5, 6, 7], poll: 50ms}
              custom:
                driver: raw
                address: 0x48
                register_width: 8
                registers: {temp: {register: 0x00, size: 2, byte_order: big, poll: 10s, scale: 0.0078125, unit: "°C"}}
            """)
        #expect(I2CModule.problems(in: config).isEmpty)
        let decoded = try config.decode(I2CConfiguration.self)
        #expect(decoded.keepOpen == 1 && decoded.maxTransfer == 8192)
        #expect(decoded.devices["climate"]?.oversampling.pressure == 1)
        #expect(decoded.deviceSpecs.map(\.name) == ["climate", "custom", "relays"])
    }

    @Test("what the schema cannot say is a problem at its key path")
    func problems() throws {
        let config = try i2cConfig(
            """
            devices:
              a: {driver: pcf8574, address: 0x20, inputs: [0, 9], outputs: [0]}
              b: {driver: bme280, address: 0x20, oversampling: {humidity: 3}}
              c: {driver: raw, address: 0x48}
            """)
        let messages = I2CModule.problems(in: config).map { "\($0.path): \($0.message)" }
        #expect(messages.contains("devices.a.inputs: a pcf8574 has pins 0–7, not 9"))
        #expect(messages.contains("devices.a.outputs: pin 0 is also an input"))
        #expect(messages.contains { $0.hasPrefix("devices.a: inputs are polled: give poll") })
        #expect(messages.contains("devices.b.address: address 0x20 is already used by device 'a'"))
        #expect(messages.contains("devices.b.oversampling.humidity: expected 0, 1, 2, 4, 8 or 16, got 3"))
        #expect(messages.contains("devices.c: a raw device needs registers"))
    }
}
