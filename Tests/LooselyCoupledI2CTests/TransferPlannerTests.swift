import LooselyCoupled
import Testing

@testable import LooselyCoupledI2C

@Suite("TransferPlanner: the exact ioctls of reads and writes")
struct TransferPlannerTests {
    let full = TransferPlanner(functionality: .fullI2C)
    let smbus = TransferPlanner(functionality: .smbusOnly)

    @Test("up to 32 bytes of an 8-bit register: one SMBus I2C-block read, on any adapter")
    func shortRead() throws {
        for planner in [full, smbus] {
            #expect(
                try planner.read(address: 0x76, register: 0xF7, width: .eight, length: 8) == [
                    .smbus(.readI2CBlock(register: 0xF7, length: 8), address: 0x76)
                ])
        }
    }

    @Test("a long read through I2C_RDWR: register write and read, chunked at the adapter's limit")
    func longReadChunked() throws {
        let planner = TransferPlanner(functionality: .fullI2C, maximumMessageLength: 40)
        #expect(
            try planner.read(address: 0x50, register: 0x10, width: .eight, length: 100) == [
                .transfer([.write(0x50, [0x10]), .read(0x50, 40)]),
                .transfer([.write(0x50, [0x38]), .read(0x50, 40)]),
                .transfer([.write(0x50, [0x60]), .read(0x50, 20)]),
            ])
        #expect(
            try full.read(address: 0x50, register: 0, width: .eight, length: 200) == [
                .transfer([.write(0x50, [0x00]), .read(0x50, 200)])
            ])
    }

    @Test("16-bit registers: two register bytes, most significant first, advanced per chunk")
    func sixteenBitRegisters() throws {
        let planner = TransferPlanner(functionality: .fullI2C, maximumMessageLength: 64)
        #expect(
            try planner.read(address: 0x50, register: 0x01F0, width: .sixteen, length: 100) == [
                .transfer([.write(0x50, [0x01, 0xF0]), .read(0x50, 64)]),
                .transfer([.write(0x50, [0x02, 0x30]), .read(0x50, 36)]),
            ])
        #expect(
            try planner.write(address: 0x50, register: 0x0100, width: .sixteen, bytes: [1, 2, 3]) == [
                .transfer([.write(0x50, [0x01, 0x00, 1, 2, 3])])
            ])
    }

    @Test("SMBus-only adapters: long reads fall back to chunked I2C-block reads")
    func smbusFallbackRead() throws {
        #expect(
            try smbus.read(address: 0x50, register: 0x00, width: .eight, length: 70) == [
                .smbus(.readI2CBlock(register: 0x00, length: 32), address: 0x50),
                .smbus(.readI2CBlock(register: 0x20, length: 32), address: 0x50),
                .smbus(.readI2CBlock(register: 0x40, length: 6), address: 0x50),
            ])
    }

    @Test("SMBus-only adapters: 16-bit registers as a pointer write and receive bytes; writes as I2C blocks")
    func smbusFallbackSixteenBit() throws {
        #expect(
            try smbus.read(address: 0x50, register: 0x1234, width: .sixteen, length: 3) == [
                .smbus(.writeByteData(register: 0x12, value: 0x34), address: 0x50),
                .smbus(.receiveByte, address: 0x50), .smbus(.receiveByte, address: 0x50),
                .smbus(.receiveByte, address: 0x50),
            ])
        let bytes = [UInt8](repeating: 7, count: 40)
        #expect(
            try smbus.write(address: 0x50, register: 0x0100, width: .sixteen, bytes: bytes) == [
                .smbus(.writeI2CBlock(register: 0x01, bytes: [0x00] + bytes[0..<31]), address: 0x50),
                .smbus(.writeI2CBlock(register: 0x01, bytes: [0x1F] + bytes[31..<40]), address: 0x50),
            ])
    }

    @Test("what the adapter cannot do is refused, naming what it lacks")
    func unsupported() throws {
        let byteOnly = TransferPlanner(functionality: [.smbusReadByte, .smbusWriteByte])
        let error = #expect(throws: I2CError.self) {
            try byteOnly.read(address: 0x48, register: 0, width: .eight, length: 2)
        }
        #expect(error?.code == .unsupported)
        #expect(error?.message.contains("read_i2c_block") == true)
        #expect(throws: I2CError.self) { try smbus.combined([.write(0x44, [0x24, 0x00]), .read(0x44, 6)]) }
        #expect(
            try full.combined([.write(0x44, [0x24, 0x00]), .read(0x44, 6)]) == [
                .transfer([.write(0x44, [0x24, 0x00]), .read(0x44, 6)])
            ])
    }

    @Test("a read past the last register, or of nothing, is an argument error")
    func outOfRange() {
        #expect(
            (#expect(throws: I2CError.self) { try full.read(address: 0x50, register: 0xF0, width: .eight, length: 32) })?
                .code == .invalidArguments)
        #expect(
            (#expect(throws: I2CError.self) { try full.read(address: 0x50, register: 0, width: .eight, length: 0) })?
                .code == .invalidArguments)
    }
}
