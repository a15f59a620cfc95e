import LooselyCoupled

/// Turns a read or write of registers into the exact ioctls that do it on one adapter: pure,
/// so the `i2c_msg` arrays and the SMBus fallback are tested without a bus.
///
/// - 8-bit registers, up to 32 bytes: one SMBus I2C-block transfer (libi2c), which every
///   adapter with the bit has, SMBus-only ones included.
/// - Longer, or 16-bit registers: `I2C_RDWR`, a register write and a read joined by a repeated
///   start, chunked at ``maximumMessageLength`` with the register advanced for each chunk.
/// - SMBus-only adapters (no `I2C_FUNC_I2C`): chunked I2C-block transfers; 16-bit registers as
///   a pointer write then sequential receive-byte reads (how 24Cxx EEPROMs read), and writes as
///   I2C blocks whose first data byte is the register's low byte (the same bytes on the wire).
/// - What the adapter cannot do at all is refused with ``I2CError/Code/unsupported`` naming
///   what it lacks: never a silently shorter or different answer.
struct TransferPlanner: Sendable, Hashable {
    /// What the adapter offers.
    var functionality: I2CFunctionality
    /// The longest `I2C_RDWR` message the adapter takes (the kernel's 8192 unless configured lower).
    var maximumMessageLength: Int

    /// A planner for an adapter with `functionality` and `maximumMessageLength`.
    init(functionality: I2CFunctionality, maximumMessageLength: Int = I2CMessage.kernelMaximumLength) {
        self.functionality = functionality
        self.maximumMessageLength = max(1, min(maximumMessageLength, I2CMessage.kernelMaximumLength))
    }

    /// The steps that read `length` bytes from `register` on, at `address`.
    ///
    /// - Throws: ``I2CError``: `invalid_arguments` for a length below 1 or a range past the
    ///   last register, `unsupported` when the adapter cannot do it.
    func read(address: UInt16, register: Int, width: RegisterWidth, length: Int) throws(I2CError) -> [TransferStep] {
        try check(register: register, width: width, length: length)
        let block = SMBusTransaction.blockMaximum
        switch width {
        case .eight:
            if length <= block && functionality.contains(.smbusReadI2CBlock) {
                return [.smbus(.readI2CBlock(register: UInt8(register), length: length), address: address)]
            }
            if functionality.contains(.i2c) {
                return try rdwrReads(address: address, register: register, width: width, length: length)
            }
            if functionality.contains(.smbusReadI2CBlock) {
                return chunks(of: length, size: block).map { offset, count in
                    .smbus(.readI2CBlock(register: UInt8(register + offset), length: count), address: address)
                }
            }
            if functionality.contains(.smbusReadByteData) {
                return (0..<length).map { .smbus(.readByteData(register: UInt8(register + $0)), address: address) }
            }
            throw unsupported(
                "read \(length) bytes from register \(I2CAddress.register(UInt16(register)))",
                needs: "i2c, read_i2c_block or read_byte_data")
        case .sixteen:
            if functionality.contains(.i2c) {
                return try rdwrReads(address: address, register: register, width: width, length: length)
            }
            if functionality.isSuperset(of: [.smbusWriteByteData, .smbusReadByte]) {
                let pointer = width.bytes(of: register)
                return [.smbus(.writeByteData(register: pointer[0], value: pointer[1]), address: address)]
                    + Array(repeating: .smbus(.receiveByte, address: address), count: length)
            }
            throw unsupported("read a 16-bit register", needs: "i2c, or write_byte_data and read_byte")
        }
    }

    /// The steps that write `bytes` to `register` on, at `address`.
    ///
    /// - Throws: ``I2CError`` as ``read(address:register:width:length:)``.
    func write(address: UInt16, register: Int, width: RegisterWidth, bytes: [UInt8]) throws(I2CError) -> [TransferStep]
    {
        try check(register: register, width: width, length: bytes.count)
        let block = SMBusTransaction.blockMaximum
        switch width {
        case .eight:
            if bytes.count <= block && functionality.contains(.smbusWriteI2CBlock) {
                return [.smbus(.writeI2CBlock(register: UInt8(register), bytes: bytes), address: address)]
            }
            if functionality.contains(.i2c) {
                return rdwrWrites(address: address, register: register, width: width, bytes: bytes)
            }
            if functionality.contains(.smbusWriteI2CBlock) {
                return chunks(of: bytes.count, size: block).map { offset, count in
                    .smbus(
                        .writeI2CBlock(
                            register: UInt8(register + offset), bytes: Array(bytes[offset..<offset + count])),
                        address: address)
                }
            }
            if functionality.contains(.smbusWriteByteData) {
                return bytes.indices.map {
                    .smbus(.writeByteData(register: UInt8(register + $0), value: bytes[$0]), address: address)
                }
            }
            throw unsupported(
                "write \(bytes.count) bytes to register \(I2CAddress.register(UInt16(register)))",
                needs: "i2c, write_i2c_block or write_byte_data")
        case .sixteen:
            if functionality.contains(.i2c) {
                return rdwrWrites(address: address, register: register, width: width, bytes: bytes)
            }
            if functionality.contains(.smbusWriteI2CBlock) {
                // The register's high byte is the SMBus "command", its low byte the first data byte.
                return chunks(of: bytes.count, size: block - 1).map { offset, count in
                    let pointer = width.bytes(of: register + offset)
                    return .smbus(
                        .writeI2CBlock(register: pointer[0], bytes: [pointer[1]] + bytes[offset..<offset + count]),
                        address: address)
                }
            }
            throw unsupported("write a 16-bit register", needs: "i2c or write_i2c_block")
        }
    }

    /// `messages` as one `I2C_RDWR`, checked against the adapter and the kernel's limits.
    ///
    /// - Throws: ``I2CError``: `unsupported` without plain I2C, `invalid_arguments` for no
    ///   messages, too many, or one too long.
    func combined(_ messages: [I2CMessage]) throws(I2CError) -> [TransferStep] {
        guard functionality.contains(.i2c) else {
            throw unsupported("run a combined transfer", needs: "i2c (I2C_RDWR); SMBus-only adapters cannot")
        }
        guard (1...I2CMessage.kernelMaximumMessages).contains(messages.count) else {
            throw I2CError(
                .invalidArguments,
                "a transfer has 1 to \(I2CMessage.kernelMaximumMessages) messages, got \(messages.count)")
        }
        for message in messages where !(1...maximumMessageLength).contains(message.length) {
            throw I2CError(
                .invalidArguments,
                "a message carries 1 to \(maximumMessageLength) bytes, got \(message.length) (\(message))")
        }
        return [.transfer(messages)]
    }

    // MARK: Helpers

    private func rdwrReads(address: UInt16, register: Int, width: RegisterWidth, length: Int) throws(I2CError)
        -> [TransferStep]
    {
        chunks(of: length, size: maximumMessageLength).map { offset, count in
            .transfer([.write(address, width.bytes(of: register + offset)), .read(address, count)])
        }
    }

    private func rdwrWrites(address: UInt16, register: Int, width: RegisterWidth, bytes: [UInt8]) -> [TransferStep] {
        let size = maximumMessageLength - width.rawValue / 8
        return chunks(of: bytes.count, size: max(1, size)).map { offset, count in
            .transfer([.write(address, width.bytes(of: register + offset) + bytes[offset..<offset + count])])
        }
    }

    /// `(offset, count)` pieces of at most `size` that cover `length`.
    private func chunks(of length: Int, size: Int) -> [(offset: Int, count: Int)] {
        stride(from: 0, to: length, by: size).map { ($0, min(size, length - $0)) }
    }

    private func check(register: Int, width: RegisterWidth, length: Int) throws(I2CError) {
        guard length >= 1 else {
            throw I2CError(.invalidArguments, "a length of at least 1 byte is needed, got \(length)")
        }
        guard (0...width.maximum).contains(register) else {
            throw I2CError(
                .invalidArguments,
                "register \(register) is out of range for \(width.rawValue)-bit registers (0–\(width.maximum))")
        }
        // Chunks address each piece by its own register, so the range must stay addressable.
        guard register + length - 1 <= width.maximum else {
            throw I2CError(
                .invalidArguments,
                "\(length) bytes from register \(I2CAddress.register(UInt16(register), width: width.rawValue)) run past the last \(width.rawValue)-bit register"
            )
        }
    }

    private func unsupported(_ what: String, needs: String) -> I2CError {
        I2CError(.unsupported, "the adapter cannot \(what): it needs \(needs), and offers \(functionality)")
    }
}
