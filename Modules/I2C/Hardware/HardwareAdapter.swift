import CI2C
import LooselyCoupled
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// An i2c-dev bus, owned by its module's thread.
///
/// Each device address gets a descriptor of its own, set to the address once with `I2C_SLAVE`,
/// so a transaction is exactly one `I2C_SMBUS` ioctl however the polls of several devices
/// interleave. ``release()`` closes them all while the bus is idle: an open descriptor pins
/// the adapter, so without that, `rmmod` of its driver fails and a USB adapter's removal waits.
final class HardwareAdapter: I2CAdapter {
    let path: String
    private(set) var functionality: I2CFunctionality
    /// The bus number for sysfs look-ups (`/dev/i2c-1` → 1), if the path has one.
    private let number: Int?
    private let buses: @Sendable () -> [I2CBusInfo]
    /// For `I2C_FUNCS`, `I2C_RDWR` and claim checks; `nil` while released.
    private var control: FileDescriptor?
    private var devices: [UInt16: FileDescriptor] = [:]

    init(path: String, buses: @escaping @Sendable () -> [I2CBusInfo]) throws(I2CError) {
        self.path = path
        self.buses = buses
        self.number = path.split(separator: "-").last.flatMap { Int($0) }
        self.functionality = []
        let control = try openBus()
        var bits: UInt = 0
        let (status, errno) = uninterrupted { lc_i2c_funcs(control.rawValue, &bits) }
        guard status == 0 else {
            try? control.close()
            throw I2CError(
                .system, "cannot read the functionality (I2C_FUNCS) of \(path): is it an i2c-dev device?", errno: errno)
        }
        self.functionality = I2CFunctionality(rawValue: bits)
        self.control = control
    }

    deinit { release() }

    func release() {
        for descriptor in devices.values { try? descriptor.close() }
        devices = [:]
        try? control?.close()
        control = nil
    }

    func smbus(_ transaction: SMBusTransaction, address: UInt16) throws(I2CError) -> SMBusResult {
        let fd = try descriptor(for: address).rawValue
        let result: SMBusResult
        let status: Int32
        switch transaction {
        case .quickWrite:
            status = uninterrupted { i2c_smbus_write_quick(fd, UInt8(I2C_SMBUS_WRITE)) }.status
            result = .none
        case .receiveByte:
            status = uninterrupted { i2c_smbus_read_byte(fd) }.status
            result = .byte(UInt8(truncatingIfNeeded: status))
        case .sendByte(let value):
            status = uninterrupted { i2c_smbus_write_byte(fd, value) }.status
            result = .none
        case .readByteData(let register):
            status = uninterrupted { i2c_smbus_read_byte_data(fd, register) }.status
            result = .byte(UInt8(truncatingIfNeeded: status))
        case .writeByteData(let register, let value):
            status = uninterrupted { i2c_smbus_write_byte_data(fd, register, value) }.status
            result = .none
        case .readWordData(let register):
            status = uninterrupted { i2c_smbus_read_word_data(fd, register) }.status
            result = .word(UInt16(truncatingIfNeeded: status))
        case .writeWordData(let register, let value):
            status = uninterrupted { i2c_smbus_write_word_data(fd, register, value) }.status
            result = .none
        case .readBlockData(let register):
            var buffer = [UInt8](repeating: 0, count: 34)
            status = uninterrupted { i2c_smbus_read_block_data(fd, register, &buffer) }.status
            result = .bytes(status > 0 ? Array(buffer.prefix(Int(status))) : [])
        case .writeBlockData(let register, let bytes):
            try checkBlock(bytes.count, transaction)
            status = uninterrupted { i2c_smbus_write_block_data(fd, register, UInt8(bytes.count), bytes) }.status
            result = .none
        case .readI2CBlock(let register, let length):
            // libi2c would quietly cut a longer read to 32 bytes: refuse it instead.
            try checkBlock(length, transaction)
            var buffer = [UInt8](repeating: 0, count: 34)
            status = uninterrupted { i2c_smbus_read_i2c_block_data(fd, register, UInt8(length), &buffer) }.status
            if status >= 0 && Int(status) != length {
                throw I2CError(
                    .system, "\(transaction.summary) at \(I2CAddress.hex(address)) on \(path) returned \(status) bytes")
            }
            result = .bytes(status > 0 ? Array(buffer.prefix(Int(status))) : [])
        case .writeI2CBlock(let register, let bytes):
            try checkBlock(bytes.count, transaction)
            status = uninterrupted { i2c_smbus_write_i2c_block_data(fd, register, UInt8(bytes.count), bytes) }.status
            result = .none
        }
        // libi2c returns the negated errno.
        guard status >= 0 else {
            throw .transfer(Errno(rawValue: -status), bus: path, address: address, transaction.summary)
        }
        return result
    }

    func transfer(_ messages: [I2CMessage]) throws(I2CError) -> [[UInt8]] {
        guard functionality.contains(.i2c) else {
            throw I2CError(
                .unsupported, "the adapter of \(path) has no plain I2C (I2C_RDWR); it offers \(functionality)")
        }
        let control = try controlDescriptor()
        let kernel = KernelMessages(messages)
        defer { kernel.deallocate() }
        let (status, errno) = uninterrupted {
            lc_i2c_rdwr(control.rawValue, kernel.messages.baseAddress, UInt32(kernel.messages.count))
        }
        guard status >= 0 else {
            throw .transfer(errno, bus: path, address: messages.first?.address ?? 0, "i2c_rdwr")
        }
        return kernel.reads
    }

    func claim(of address: UInt16) -> I2CClaim {
        guard let control = try? controlDescriptor() else { return .free }
        if uninterrupted({ lc_i2c_set_address(control.rawValue, UInt(address)) }).errno == .resourceBusy {
            return .kernel(driver: number.flatMap { SysFS.driver(bus: $0, address: address) })
        }
        return .free
    }

    // MARK: Descriptors

    private func openBus() throws(I2CError) -> FileDescriptor {
        do {
            return try FileDescriptor.open(FilePath(path), .readWrite, options: [.closeOnExec], retryOnInterrupt: true)
        } catch {
            throw .open(error as? Errno ?? .ioError, path: path, buses: buses())
        }
    }

    private func controlDescriptor() throws(I2CError) -> FileDescriptor {
        if let control { return control }
        let opened = try openBus()
        control = opened
        return opened
    }

    /// The address's own descriptor, opened and addressed on first use.
    private func descriptor(for address: UInt16) throws(I2CError) -> FileDescriptor {
        if let descriptor = devices[address] { return descriptor }
        let descriptor = try openBus()
        let (status, errno) = uninterrupted { lc_i2c_set_address(descriptor.rawValue, UInt(address)) }
        guard status == 0 else {
            try? descriptor.close()
            if errno == .resourceBusy {
                throw .addressBusy(
                    bus: path, address: address, driver: number.flatMap { SysFS.driver(bus: $0, address: address) },
                    errno: errno)
            }
            throw .transfer(errno, bus: path, address: address, "set the address (I2C_SLAVE)")
        }
        devices[address] = descriptor
        return descriptor
    }

    private func checkBlock(_ length: Int, _ transaction: SMBusTransaction) throws(I2CError) {
        guard (1...SMBusTransaction.blockMaximum).contains(length) else {
            throw I2CError(
                .invalidArguments,
                "\(transaction.summary): SMBus blocks carry 1 to \(SMBusTransaction.blockMaximum) bytes")
        }
    }
}

/// Runs an i2c-dev call again while a signal interrupts it (`EINTR`): its status, and its errno
/// when the status is negative. The ioctls return -1 with `errno` set; libi2c returns the negated
/// errno (a -1 from it is `EPERM`, which it leaves in `errno` too).
private func uninterrupted(_ call: () -> Int32) -> (status: Int32, errno: Errno) {
    while true {
        let status = call()
        guard status < 0 else { return (status, Errno(rawValue: 0)) }
        let errno = status == -1 ? Glibc.errno : -status
        if errno != EINTR { return (status, Errno(rawValue: errno)) }
    }
}
