/// One ioctl of a planned read or write: an SMBus transaction or an `I2C_RDWR` transfer.
/// The bytes a plan reads are what its steps read, in order.
enum TransferStep: Sendable, Hashable, CustomStringConvertible {
    case smbus(SMBusTransaction, address: UInt16)
    case transfer([I2CMessage])

    var description: String {
        switch self {
        case .smbus(let transaction, let address): "smbus \(transaction.summary) @\(I2CAddress.hex(address))"
        case .transfer(let messages): "i2c_rdwr " + messages.map(\.description).joined(separator: " ")
        }
    }
}

/// How wide a device's register addresses are: 8 bits (most sensors) or 16 (EEPROMs of 32 kbit
/// and more, some touch controllers), sent most significant byte first.
public enum RegisterWidth: Int, Sendable, Hashable {
    case eight = 8
    case sixteen = 16

    /// The largest register address.
    var maximum: Int { self == .eight ? 0xFF : 0xFFFF }

    /// The register's bytes as they go on the wire.
    func bytes(of register: Int) -> [UInt8] {
        switch self {
        case .eight: [UInt8(truncatingIfNeeded: register)]
        case .sixteen: [UInt8(truncatingIfNeeded: register >> 8), UInt8(truncatingIfNeeded: register)]
        }
    }
}
