/// The PCF8574's bus protocol: eight quasi-bidirectional pins, one byte each way.
///
/// A pin is read as an input only while its latch bit is 1 (its weak pull-up on), so every
/// write keeps input and unused pins at 1 and sets outputs to their levels.
struct PCF8574: Sendable, Hashable {
    let address: UInt16
    /// Pins (bits) read as inputs.
    let inputs: UInt16
    /// Pins (bits) driven as outputs.
    let outputs: UInt16

    static let pinCount = 8

    /// The byte to write for output `levels` (bit set: high).
    func latch(for levels: UInt16) -> UInt8 {
        UInt8(truncatingIfNeeded: (levels & outputs) | ~outputs)
    }

    /// Writes the outputs' levels.
    func write(_ io: I2CBusIO, levels: UInt16) throws(I2CError) {
        _ = try io.smbus(.sendByte(latch(for: levels)), address: address)
    }

    /// Reads all eight pins' levels.
    func read(_ io: I2CBusIO) throws(I2CError) -> UInt16 {
        UInt16(try io.smbus(.receiveByte, address: address).bytes.first ?? 0xFF)
    }
}

/// The MCP23017's registers (IOCON.BANK = 0, the reset layout, pairs A then B) and protocol:
/// sixteen pins, A0–A7 as 0–7 and B0–B7 as 8–15.
struct MCP23017: Sendable, Hashable {
    static let iodirA = 0x00
    static let iodirB = 0x01
    static let gppuA = 0x0C
    static let gpioA = 0x12
    static let gpioB = 0x13
    static let olatA = 0x14
    static let pinCount = 16

    let address: UInt16
    let inputs: UInt16
    let outputs: UInt16
    /// Whether inputs get the chip's 100 kΩ pull-ups.
    let pullUp: Bool

    private static func pair(_ value: UInt16) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
    }

    /// Sets the outputs' levels first (so they come up as wanted), then directions and pull-ups.
    func setUp(_ io: I2CBusIO, levels: UInt16) throws(I2CError) {
        try io.write(address: address, register: Self.olatA, bytes: Self.pair(levels & outputs))
        try io.write(address: address, register: Self.iodirA, bytes: Self.pair(~outputs))
        try io.write(address: address, register: Self.gppuA, bytes: Self.pair(pullUp ? inputs : 0))
    }

    /// Writes the outputs' levels (the output latches).
    func write(_ io: I2CBusIO, levels: UInt16) throws(I2CError) {
        try io.write(address: address, register: Self.olatA, bytes: Self.pair(levels & outputs))
    }

    /// Reads all sixteen pins' levels (GPIOA and GPIOB in one transfer).
    func read(_ io: I2CBusIO) throws(I2CError) -> UInt16 {
        let bytes = try io.read(address: address, register: Self.gpioA, length: 2)
        return UInt16(bytes[0]) | UInt16(bytes[1]) << 8
    }
}
