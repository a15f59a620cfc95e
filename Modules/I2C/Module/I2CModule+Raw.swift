import LooselyCoupled

extension I2CModule {
    /// A 7-bit device address argument.
    func address(_ value: Int) throws(CallError) -> UInt16 {
        guard I2CAddress.usable.contains(where: { Int($0) == value }) else {
            throw CallError(
                .invalidArguments, "\(context.name): address \(value) is not a 7-bit device address (0x03–0x77)")
        }
        return UInt16(value)
    }

    func byte(_ value: Int, _ what: String = "value") throws(CallError) -> UInt8 {
        guard let byte = UInt8(exactly: value) else {
            throw CallError(.invalidArguments, "\(context.name): \(what) \(value) is not a byte (0–255)")
        }
        return byte
    }

    func width(_ value: Int?) throws(CallError) -> RegisterWidth {
        guard let width = RegisterWidth(rawValue: value ?? 8) else {
            throw CallError(.invalidArguments, "\(context.name): register_width is 8 or 16, not \(value ?? 0)")
        }
        return width
    }

    /// Runs one SMBus transaction on the bus.
    func smbus(_ transaction: SMBusTransaction, _ address: UInt16) throws -> SMBusResult {
        try perform { context throws(I2CError) in
            do throws(I2CError) {
                return try context.io().smbus(transaction, address: address)
            } catch {
                context.failed(error, device: nil)
                throw error
            }
        }
    }

    /// `read_byte {address}`: a receive byte; returns it.
    func readByte(_ arguments: I2CArguments.Address) throws -> Value {
        return .int(Int(try smbus(.receiveByte, try address(arguments.address)).bytes.first ?? 0))
    }

    /// `write_byte {address, value}`: a send byte.
    func writeByte(_ arguments: I2CArguments.AddressValue) throws -> Value {
        _ = try smbus(.sendByte(try byte(arguments.value)), try address(arguments.address))
        return .null
    }

    /// `read_byte_data {address, register}`.
    func readByteData(_ arguments: I2CArguments.Register) throws -> Value {
        let result = try smbus(
            .readByteData(register: try byte(arguments.register, "register")), try address(arguments.address))
        return .int(Int(result.bytes.first ?? 0))
    }

    /// `write_byte_data {address, register, value}`.
    func writeByteData(_ arguments: I2CArguments.RegisterValue) throws -> Value {
        _ = try smbus(
            .writeByteData(register: try byte(arguments.register, "register"), value: try byte(arguments.value)),
            try address(arguments.address))
        return .null
    }

    /// `read_word_data {address, register}`: SMBus words are little-endian.
    func readWordData(_ arguments: I2CArguments.Register) throws -> Value {
        guard
            case .word(let word) = try smbus(
                .readWordData(register: try byte(arguments.register, "register")), try address(arguments.address))
        else {
            return .null
        }
        return .int(Int(word))
    }

    /// `write_word_data {address, register, value}`.
    func writeWordData(_ arguments: I2CArguments.RegisterValue) throws -> Value {
        guard let word = UInt16(exactly: arguments.value) else {
            throw CallError(.invalidArguments, "\(context.name): value \(arguments.value) is not a 16-bit word")
        }
        _ = try smbus(
            .writeWordData(register: try byte(arguments.register, "register"), value: word),
            try address(arguments.address))
        return .null
    }

    /// `read_block {address, register, length, register_width?}`: any length, planned for the adapter.
    func readBlock(_ arguments: I2CArguments.ReadBlock) throws -> Value {
        let address = try address(arguments.address)
        let width = try width(arguments.registerWidth)
        let bytes = try perform { context throws(I2CError) in
            do throws(I2CError) {
                return try context.io().read(
                    address: address, register: arguments.register, width: width, length: arguments.length)
            } catch {
                context.failed(error, device: nil)
                throw error
            }
        }
        return .array(bytes.map { .int(Int($0)) })
    }

    /// `write_block {address, register, bytes, register_width?}`.
    func writeBlock(_ arguments: I2CArguments.WriteBlock) throws -> Value {
        let address = try address(arguments.address)
        let width = try width(arguments.registerWidth)
        var bytes: [UInt8] = []
        for value in arguments.bytes { bytes.append(try byte(value, "byte")) }
        let data = bytes
        try perform { context throws(I2CError) in
            do throws(I2CError) {
                try context.io().write(address: address, register: arguments.register, width: width, bytes: data)
            } catch {
                context.failed(error, device: nil)
                throw error
            }
        }
        return .null
    }

    /// `transfer {address?, messages}`: one combined `I2C_RDWR` (write then read with a repeated
    /// start, as an SHT3x or a 16-bit EEPROM wants); returns what each read message read.
    func transfer(_ arguments: I2CArguments.Transfer) throws -> Value {
        let form = "{\"address\": ADDRESS, \"messages\": [{\"write\": [BYTE, …]} or {\"read\": N}, …]}"
        var messages: [I2CMessage] = []
        for message in arguments.messages {
            guard let target = message.address ?? arguments.address else {
                throw CallError(
                    .invalidArguments, "\(context.name).transfer: each message needs an address, or the transfer one")
            }
            let address = try address(target)
            switch (message.write, message.read) {
            case (let bytes?, nil):
                var data: [UInt8] = []
                for value in bytes { data.append(try byte(value, "byte")) }
                messages.append(.write(address, data))
            case (nil, let length?):
                messages.append(.read(address, length))
            default:
                throw CallError(.invalidArguments, "\(context.name).transfer needs \(form)")
            }
        }
        let planned = messages
        let reads = try perform { context throws(I2CError) in
            do throws(I2CError) {
                return try context.io().transfer(planned)
            } catch {
                context.failed(error, device: nil)
                throw error
            }
        }
        return .array(reads.map { .array($0.map { .int(Int($0)) }) })
    }
}
