import LooselyCoupled
import SystemPackage

/// A simulated bus, opened: each SMBus transaction and I2C message goes to the simulated device
/// as the bytes it would put on the wire.
final class SimulatedAdapter: I2CAdapter {
    let path: String
    let functionality: I2CFunctionality
    private let world: SimulatedI2C
    private let number: Int

    init(world: SimulatedI2C, number: Int, path: String, functionality: I2CFunctionality) {
        self.world = world
        self.number = number
        self.path = path
        self.functionality = functionality
    }

    func release() {}

    func claim(of address: UInt16) -> I2CClaim {
        let claimedBy = world.state.withLock { $0[number]?.devices[address]?.claimedBy }
        return claimedBy.map { .kernel(driver: $0) } ?? .free
    }

    func smbus(_ transaction: SMBusTransaction, address: UInt16) throws(I2CError) -> SMBusResult {
        guard functionality.contains(transaction.requiredFunctionality) else {
            throw .transfer(.notSupported, bus: path, address: address, transaction.summary)
        }
        // The kernel's limit on SMBus blocks (I2C_SMBUS_BLOCK_MAX).
        func block(_ count: Int) throws(I2CError) {
            guard (1...SMBusTransaction.blockMaximum).contains(count) else {
                throw .transfer(
                    .invalidArgument, bus: path, address: address, "\(transaction.summary): blocks carry 1 to 32 bytes")
            }
        }
        switch transaction {
        case .quickWrite:
            try wire(address) { _ in }
            return .none
        case .receiveByte:
            return .byte(try wire(address) { $0.readNext() })
        case .sendByte(let value):
            try wire(address) { $0.receive([value]) }
            return .none
        case .readByteData(let register):
            return .byte(
                try wire(address) { device in
                    device.receive([register])
                    return device.readNext()
                })
        case .writeByteData(let register, let value):
            try wire(address) { $0.receive([register, value]) }
            return .none
        case .readWordData(let register):
            return .word(
                try wire(address) { device in
                    device.receive([register])
                    let low = device.readNext()
                    return UInt16(low) | UInt16(device.readNext()) << 8
                })
        case .writeWordData(let register, let value):
            try wire(address) {
                $0.receive([register, UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)])
            }
            return .none
        case .readBlockData(let register):
            return .bytes(
                try wire(address) { device in
                    device.receive([register])
                    let count = Int(min(max(device.readNext(), 1), 32))
                    return (0..<count).map { _ in device.readNext() }
                })
        case .writeBlockData(let register, let bytes):
            try block(bytes.count)
            try wire(address) { $0.receive([register, UInt8(bytes.count)] + bytes) }
            return .none
        case .readI2CBlock(let register, let length):
            try block(length)
            return .bytes(
                try wire(address) { device in
                    device.receive([register])
                    return (0..<length).map { _ in device.readNext() }
                })
        case .writeI2CBlock(let register, let bytes):
            try block(bytes.count)
            try wire(address) { $0.receive([register] + bytes) }
            return .none
        }
    }

    func transfer(_ messages: [I2CMessage]) throws(I2CError) -> [[UInt8]] {
        let first = messages.first?.address ?? 0
        guard functionality.contains(.i2c) else {
            throw .transfer(.notSupported, bus: path, address: first, "i2c_rdwr")
        }
        guard messages.count <= I2CMessage.kernelMaximumMessages,
            messages.allSatisfy({ $0.length <= I2CMessage.kernelMaximumLength })
        else {
            throw .transfer(.invalidArgument, bus: path, address: first, "i2c_rdwr")
        }
        var reads: [[UInt8]] = []
        for message in messages {
            switch message.direction {
            case .write(let bytes):
                try wire(message.address) { $0.receive(bytes) }
            case .read(let count):
                reads.append(try wire(message.address) { device in (0..<count).map { _ in device.readNext() } })
            }
        }
        return reads
    }

    /// Runs `body` on the device at `address`, as one addressed exchange: NACK (`EREMOTEIO`)
    /// where nothing answers, `EBUSY` where a kernel driver holds the address.
    private func wire<T>(_ address: UInt16, _ body: (inout SimulatedDevice) -> T) throws(I2CError) -> T {
        let outcome: Result<T, I2CError> = world.state.withLock { buses in
            guard var device = buses[number]?.devices[address], device.isPresent else {
                return .failure(.transfer(I2CError.remoteIO, bus: path, address: address))
            }
            if let driver = device.claimedBy {
                return .failure(.addressBusy(bus: path, address: address, driver: driver, errno: .resourceBusy))
            }
            let result = body(&device)
            device.transactions += 1
            buses[number]?.devices[address] = device
            return .success(result)
        }
        return try outcome.get()
    }
}
