import LooselyCoupled

extension I2CModule {
    /// A 7-bit device address argument.
    func address(_ number: I2CArguments.Number) throws(CallError) -> UInt16 {
        guard I2CAddress.usable.contains(where: { Int($0) == number.value }) else {
            throw CallError(
                .invalidArguments, "\(context.name): address \(number) is not a 7-bit device address (0x03–0x77)")
        }
        return UInt16(number.value)
    }

    func byte(_ number: I2CArguments.Number, _ what: String = "value") throws(CallError) -> UInt8 {
        guard let byte = UInt8(exactly: number.value) else {
            throw CallError(.invalidArguments, "\(context.name): \(what) \(number) is not a byte (0–255)")
        }
        return byte
    }

    func bytes(_ numbers: [I2CArguments.Number]) throws(CallError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(numbers.count)
        for number in numbers { bytes.append(try byte(number, "byte")) }
        return bytes
    }

    func width(_ value: Int?) throws(CallError) -> RegisterWidth {
        guard let width = RegisterWidth(rawValue: value ?? 8) else {
            throw CallError(.invalidArguments, "\(context.name): register_width is 8 or 16, not \(value ?? 0)")
        }
        return width
    }

    /// Runs `body` with the bus's I/O for a raw access, which belongs to no device: a failure
    /// closes the bus's descriptors (see ``I2CBus/failed(_:device:)``) and is thrown.
    func raw<T>(_ body: (I2CBusIO) throws(I2CError) -> T) throws -> T {
        try perform { bus throws(I2CError) in
            do throws(I2CError) {
                return try body(try bus.io())
            } catch {
                bus.failed(error, device: nil)
                throw error
            }
        }
    }

    /// Runs one SMBus transaction on the bus.
    func smbus(_ transaction: SMBusTransaction, _ address: UInt16) throws -> SMBusResult {
        try raw { io throws(I2CError) in try io.smbus(transaction, address: address) }
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
        guard let word = UInt16(exactly: arguments.value.value) else {
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
        let register = arguments.register.value
        let bytes = try raw { io throws(I2CError) in
            try io.read(address: address, register: register, width: width, length: arguments.length)
        }
        return .array(bytes.map { .int(Int($0)) })
    }

    /// `write_block {address, register, bytes, register_width?}`.
    func writeBlock(_ arguments: I2CArguments.WriteBlock) throws -> Value {
        let address = try address(arguments.address)
        let width = try width(arguments.registerWidth)
        let data = try bytes(arguments.bytes)
        let register = arguments.register.value
        try raw { io throws(I2CError) in try io.write(address: address, register: register, width: width, bytes: data) }
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
            case (let data?, nil):
                messages.append(.write(address, try bytes(data)))
            case (nil, let length?):
                messages.append(.read(address, length))
            default:
                throw CallError(.invalidArguments, "\(context.name).transfer needs \(form)")
            }
        }
        let planned = messages
        let reads = try raw { io throws(I2CError) in try io.transfer(planned) }
        return .array(reads.map { .array($0.map { .int(Int($0)) }) })
    }
}
