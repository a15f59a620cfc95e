/// One device on a simulated bus: a register map with the behaviour of its chip.
///
/// - `registers`: plain memory with an auto-incrementing pointer, 8- or 16-bit register addresses.
/// - `bme280`: a BME280 with the datasheet's calibration; a forced-mode write to `ctrl_meas`
///   converts the current conditions into the measurement registers, as the chip does.
/// - `pcf8574`: quasi-bidirectional pins: a pin reads high only if its latch bit is 1 and
///   nothing outside pulls it low.
/// - `mcp23017`: IODIR, GPPU, GPIO and OLAT registers in the reset (BANK=0) layout.
public struct SimulatedDevice: Sendable {
    /// Which chip this is.
    public enum Kind: String, Sendable {
        case registers, bme280, pcf8574, mcp23017
    }

    /// The chip it behaves as.
    public let kind: Kind
    /// Whether the device answers; a vanished device NACKs like an unplugged one.
    public var isPresent = true
    /// A kernel driver bound to the address (scan shows `UU`), as on a real bus.
    public var claimedBy: String?
    /// The exchanges (SMBus transactions, I2C messages) the device has answered.
    public internal(set) var transactions = 0
    var width: RegisterWidth
    /// Register contents; absent ones read as zero.
    var memory: [Int: UInt8] = [:]
    var pointer = 0
    /// Levels driven from outside on expander pins (bit set: high); unconnected pins float high
    /// (PCF8574's weak pull-up) unless driven.
    var external: UInt16 = 0xFFFF
    /// PCF8574's output latch (power-on: all high).
    var latch: UInt8 = 0xFF
    /// What a BME280 measures at its next conversion.
    public internal(set) var conditions = BME280Model.Conditions()

    /// A device of `kind`; `width` matters for `registers` only.
    public init(_ kind: Kind, width: RegisterWidth = .eight) {
        self.kind = kind
        self.width = kind == .registers ? width : .eight
        switch kind {
        case .bme280: memory = BME280Model.initialRegisters(conditions)
        case .mcp23017:
            memory[MCP23017.iodirA] = 0xFF
            memory[MCP23017.iodirB] = 0xFF
        case .registers, .pcf8574: break
        }
    }

    // MARK: Bus operations

    /// A byte read at the pointer, which then advances (receive byte, or a message's next byte).
    mutating func readNext() -> UInt8 {
        switch kind {
        case .pcf8574: return latch & UInt8(truncatingIfNeeded: external)
        default:
            let value = read(pointer)
            advance()
            return value
        }
    }

    /// A byte written at the pointer, which then advances.
    mutating func writeNext(_ value: UInt8) {
        switch kind {
        case .pcf8574: latch = value
        default:
            write(pointer, value)
            advance()
        }
    }

    /// A message's or transaction's register address: the pointer moves there.
    mutating func point(at register: Int) {
        pointer = register & width.maximum
    }

    /// A write message: the register (one or two bytes), then data.
    mutating func receive(_ bytes: [UInt8]) {
        if kind == .pcf8574 {
            if let last = bytes.last { latch = last }
            return
        }
        let registerBytes = width.rawValue / 8
        guard bytes.count >= registerBytes else { return }
        point(at: bytes.prefix(registerBytes).reduce(0) { $0 << 8 | Int($1) })
        for byte in bytes.dropFirst(registerBytes) { writeNext(byte) }
    }

    // MARK: Registers

    func read(_ register: Int) -> UInt8 {
        switch kind {
        case .mcp23017 where register == MCP23017.gpioA || register == MCP23017.gpioB:
            let port = register == MCP23017.gpioA ? 0 : 8
            let direction = memory[register - MCP23017.gpioA + MCP23017.iodirA] ?? 0xFF
            let outputs = memory[register - MCP23017.gpioA + MCP23017.olatA] ?? 0
            let inputs = UInt8(truncatingIfNeeded: external >> port)
            return (inputs & direction) | (outputs & ~direction)
        default:
            return memory[register] ?? 0
        }
    }

    mutating func write(_ register: Int, _ value: UInt8) {
        switch kind {
        case .mcp23017 where register == MCP23017.gpioA || register == MCP23017.gpioB:
            // Writing GPIO writes the output latch, as on the chip.
            memory[register - MCP23017.gpioA + MCP23017.olatA] = value
        case .bme280 where register == BME280.Register.reset && value == BME280.resetCommand:
            let conditions = conditions
            self = SimulatedDevice(.bme280)
            self.conditions = conditions
            memory = BME280Model.initialRegisters(conditions)
        case .bme280 where register == BME280.Register.ctrlMeas:
            memory[register] = value
            if value & 0b11 == 0b01 || value & 0b11 == 0b10 {
                BME280Model.measure(
                    conditions, control: value, humidityControl: memory[BME280.Register.ctrlHum] ?? 0, into: &memory)
                memory[register] = value & ~0b11  // back to sleep mode once done
            }
        case .bme280 where BME280.Register.isReadOnly(register):
            break
        default:
            memory[register] = value
        }
    }

    private mutating func advance() {
        pointer = kind == .mcp23017 ? (pointer + 1) % 0x16 : (pointer + 1) & width.maximum
    }

    // MARK: Outside world

    /// Drives expander pin `pin` high or low from outside.
    public mutating func drive(pin: Int, high: Bool) {
        let bit = UInt16(1) << UInt16(pin)
        external = high ? external | bit : external & ~bit
    }

    /// Changes the conditions a BME280 measures next.
    public mutating func set(conditions: BME280Model.Conditions) {
        self.conditions = conditions
    }

    /// Sets registers directly (a `registers` device's contents).
    public mutating func set(register: Int, bytes: [UInt8]) {
        for (offset, byte) in bytes.enumerated() { memory[(register + offset) & width.maximum] = byte }
    }
}
