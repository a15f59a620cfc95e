/// One SMBus transaction, as libi2c's `i2c_smbus_*` functions make them: one `I2C_SMBUS` ioctl
/// each, which the kernel emulates with plain I2C messages where the adapter has no SMBus engine.
enum SMBusTransaction: Sendable, Hashable {
    /// The address and the write bit, nothing else: i2cdetect's usual probe.
    case quickWrite
    /// A read of one byte with no register (i2cdetect's probe for EEPROM ranges; PCF8574 input).
    case receiveByte
    /// A write of one byte with no register (PCF8574 output).
    case sendByte(UInt8)
    case readByteData(register: UInt8)
    case writeByteData(register: UInt8, value: UInt8)
    /// A little-endian 16-bit word, as SMBus defines it.
    case readWordData(register: UInt8)
    case writeWordData(register: UInt8, value: UInt16)
    /// SMBus block read: the device sends a count (1–32), then that many bytes.
    case readBlockData(register: UInt8)
    case writeBlockData(register: UInt8, bytes: [UInt8])
    /// I2C-block read: the register, then `length` (1–32) bytes, with no count byte.
    case readI2CBlock(register: UInt8, length: Int)
    case writeI2CBlock(register: UInt8, bytes: [UInt8])

    /// The SMBus and I2C-block limit on data bytes (`I2C_SMBUS_BLOCK_MAX`).
    static let blockMaximum = 32

    /// The `I2C_FUNCS` bit the adapter needs for this transaction.
    var requiredFunctionality: I2CFunctionality {
        switch self {
        case .quickWrite: .smbusQuick
        case .receiveByte: .smbusReadByte
        case .sendByte: .smbusWriteByte
        case .readByteData: .smbusReadByteData
        case .writeByteData: .smbusWriteByteData
        case .readWordData: .smbusReadWordData
        case .writeWordData: .smbusWriteWordData
        case .readBlockData: .smbusReadBlockData
        case .writeBlockData: .smbusWriteBlockData
        case .readI2CBlock: .smbusReadI2CBlock
        case .writeI2CBlock: .smbusWriteI2CBlock
        }
    }

    /// The name for messages: `read_byte_data 0xd0`.
    var summary: String {
        switch self {
        case .quickWrite: "quick write"
        case .receiveByte: "read_byte"
        case .sendByte(let value): "write_byte \(I2CAddress.register(UInt16(value)))"
        case .readByteData(let register): "read_byte_data \(I2CAddress.register(UInt16(register)))"
        case .writeByteData(let register, _): "write_byte_data \(I2CAddress.register(UInt16(register)))"
        case .readWordData(let register): "read_word_data \(I2CAddress.register(UInt16(register)))"
        case .writeWordData(let register, _): "write_word_data \(I2CAddress.register(UInt16(register)))"
        case .readBlockData(let register): "read_block_data \(I2CAddress.register(UInt16(register)))"
        case .writeBlockData(let register, let bytes):
            "write_block_data \(I2CAddress.register(UInt16(register))) (\(bytes.count) bytes)"
        case .readI2CBlock(let register, let length):
            "read_i2c_block \(I2CAddress.register(UInt16(register))) (\(length) bytes)"
        case .writeI2CBlock(let register, let bytes):
            "write_i2c_block \(I2CAddress.register(UInt16(register))) (\(bytes.count) bytes)"
        }
    }
}

/// What an SMBus transaction returned.
enum SMBusResult: Sendable, Hashable {
    case none
    case byte(UInt8)
    case word(UInt16)
    case bytes([UInt8])

    /// The bytes read, whatever the transaction (a word little-endian, as on the wire).
    var bytes: [UInt8] {
        switch self {
        case .none: []
        case .byte(let byte): [byte]
        case .word(let word): [UInt8(truncatingIfNeeded: word), UInt8(truncatingIfNeeded: word >> 8)]
        case .bytes(let bytes): bytes
        }
    }
}
