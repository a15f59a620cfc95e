/// What an adapter can do, as `I2C_FUNCS` reports it (the `I2C_FUNC_*` bits of linux/i2c.h).
///
/// Read once when the bus is opened: it decides whether a long read goes through `I2C_RDWR`,
/// chunked SMBus I2C-block reads, or is refused with the reason.
public struct I2CFunctionality: OptionSet, Sendable, Hashable, CustomStringConvertible {
    /// The `I2C_FUNC_*` bits.
    public let rawValue: UInt

    /// The functionality of the bits `rawValue`.
    public init(rawValue: UInt) { self.rawValue = rawValue }

    /// Plain I2C messages (`I2C_RDWR`): combined transfers of any length.
    public static let i2c = I2CFunctionality(rawValue: 0x0000_0001)
    /// 10-bit addresses.
    public static let tenBitAddresses = I2CFunctionality(rawValue: 0x0000_0002)
    /// Quick write/read (the address and one bit), i2cdetect's usual probe.
    public static let smbusQuick = I2CFunctionality(rawValue: 0x0001_0000)
    /// Receive byte (a read with no register).
    public static let smbusReadByte = I2CFunctionality(rawValue: 0x0002_0000)
    /// Send byte (a write of one byte, no register).
    public static let smbusWriteByte = I2CFunctionality(rawValue: 0x0004_0000)
    /// Read byte data (one byte from a register).
    public static let smbusReadByteData = I2CFunctionality(rawValue: 0x0008_0000)
    /// Write byte data (one byte to a register).
    public static let smbusWriteByteData = I2CFunctionality(rawValue: 0x0010_0000)
    /// Read word data (two bytes from a register, little-endian).
    public static let smbusReadWordData = I2CFunctionality(rawValue: 0x0020_0000)
    /// Write word data (two bytes to a register, little-endian).
    public static let smbusWriteWordData = I2CFunctionality(rawValue: 0x0040_0000)
    /// SMBus block read: the device sends the count first (at most 32 bytes).
    public static let smbusReadBlockData = I2CFunctionality(rawValue: 0x0100_0000)
    /// SMBus block write: the count first, then at most 32 bytes.
    public static let smbusWriteBlockData = I2CFunctionality(rawValue: 0x0200_0000)
    /// I2C-block read: a register, then up to 32 bytes (the kernel's `I2C_SMBUS_BLOCK_MAX`).
    public static let smbusReadI2CBlock = I2CFunctionality(rawValue: 0x0400_0000)
    /// I2C-block write: a register, then up to 32 bytes.
    public static let smbusWriteI2CBlock = I2CFunctionality(rawValue: 0x0800_0000)

    /// Everything a full I2C adapter emulates, as the Pi's offers it.
    public static let fullI2C: I2CFunctionality = [
        .i2c, .smbusQuick, .smbusReadByte, .smbusWriteByte, .smbusReadByteData, .smbusWriteByteData,
        .smbusReadWordData, .smbusWriteWordData, .smbusReadI2CBlock, .smbusWriteI2CBlock,
    ]

    /// What an SMBus-only controller such as i2c-stub or a PC's SMBus offers: no `I2C_RDWR`.
    public static let smbusOnly: I2CFunctionality = [
        .smbusQuick, .smbusReadByte, .smbusWriteByte, .smbusReadByteData, .smbusWriteByteData,
        .smbusReadWordData, .smbusWriteWordData, .smbusReadBlockData, .smbusWriteBlockData,
        .smbusReadI2CBlock, .smbusWriteI2CBlock,
    ]

    private static let names: [(I2CFunctionality, String)] = [
        (.i2c, "i2c"), (.tenBitAddresses, "10bit"), (.smbusQuick, "quick"), (.smbusReadByte, "read_byte"),
        (.smbusWriteByte, "write_byte"), (.smbusReadByteData, "read_byte_data"),
        (.smbusWriteByteData, "write_byte_data"),
        (.smbusReadWordData, "read_word_data"), (.smbusWriteWordData, "write_word_data"),
        (.smbusReadBlockData, "read_block_data"), (.smbusWriteBlockData, "write_block_data"),
        (.smbusReadI2CBlock, "read_i2c_block"), (.smbusWriteI2CBlock, "write_i2c_block"),
    ]

    /// The names of the bits set, as `list` and error messages show them.
    public var names: [String] { Self.names.filter { contains($0.0) }.map(\.1) }

    /// The names of the bits set, or `none`.
    public var description: String { names.isEmpty ? "none" : names.joined(separator: " ") }
}
