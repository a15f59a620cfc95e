/// One message of an `I2C_RDWR` transfer: a write of bytes or a read of a length, to one
/// address. Messages of one transfer are joined by repeated starts, with one stop at the end.
struct I2CMessage: Sendable, Hashable, CustomStringConvertible {
    /// Write these bytes, or read this many.
    enum Direction: Sendable, Hashable {
        case write([UInt8])
        case read(Int)
    }

    /// The 7-bit address.
    var address: UInt16
    var direction: Direction

    /// A message to `address`.
    init(address: UInt16, _ direction: Direction) {
        self.address = address
        self.direction = direction
    }

    /// A write of `bytes` to `address`.
    static func write(_ address: UInt16, _ bytes: [UInt8]) -> I2CMessage { I2CMessage(address: address, .write(bytes)) }

    /// A read of `length` bytes from `address`.
    static func read(_ address: UInt16, _ length: Int) -> I2CMessage { I2CMessage(address: address, .read(length)) }

    /// The number of bytes on the wire after the address.
    var length: Int {
        switch direction {
        case .write(let bytes): bytes.count
        case .read(let count): count
        }
    }

    /// Whether this is a read.
    var isRead: Bool {
        if case .read = direction { return true }
        return false
    }

    /// As `i2ctransfer` writes it: `w2@0x50 0x00 0x10`, `r8@0x50`.
    var description: String {
        switch direction {
        case .write(let bytes):
            "w\(bytes.count)@\(I2CAddress.hex(address))" + bytes.map { " " + I2CAddress.register(UInt16($0)) }.joined()
        case .read(let count): "r\(count)@\(I2CAddress.hex(address))"
        }
    }

    /// The kernel's limit on one message of `I2C_RDWR` (i2c-dev refuses longer ones with `EINVAL`).
    static let kernelMaximumLength = 8192
    /// The kernel's limit on messages in one `I2C_RDWR` (`I2C_RDWR_IOCTL_MAX_MSGS`).
    static let kernelMaximumMessages = 42
}
