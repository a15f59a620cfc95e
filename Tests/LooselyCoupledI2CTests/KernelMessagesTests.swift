import CI2C
import Testing

@testable import LooselyCoupledI2C

/// The `i2c_msg` arrays handed to the `I2C_RDWR` ioctl, field by field, for the plans the
/// planner makes: what the kernel receives, not only the planner's model of it.
@Suite("KernelMessages: the i2c_msg arrays of I2C_RDWR")
struct KernelMessagesTests {
    /// One message as the kernel sees it.
    struct Raw: Equatable, CustomStringConvertible {
        var addr: UInt16
        var flags: UInt16
        var len: UInt16
        /// Where `buf` points, as an offset into the shared storage.
        var offset: Int
        /// What `buf` holds: a write's bytes (a read's space is left as allocated).
        var bytes: [UInt8]?
        var description: String { "{addr \(addr), flags \(flags), len \(len), at \(offset), \(bytes ?? [])}" }
    }

    static func raw(_ messages: [I2CMessage]) -> [Raw] {
        let kernel = KernelMessages(messages)
        defer { kernel.deallocate() }
        guard let base = kernel.storage.baseAddress else { return [] }
        return kernel.messages.map { message in
            let offset = message.buf.map { $0 - base } ?? -1
            let isRead = message.flags & UInt16(I2C_M_RD) != 0
            return Raw(
                addr: message.addr, flags: message.flags, len: message.len, offset: offset,
                bytes: isRead ? nil : Array(kernel.storage[offset..<offset + Int(message.len)]))
        }
    }

    /// The `i2c_msg` arrays of a plan's transfers, one array per ioctl.
    static func ioctls(_ plan: [TransferStep]) -> [[Raw]] {
        plan.compactMap { step in
            guard case .transfer(let messages) = step else { return nil }
            return raw(messages)
        }
    }

    let read = UInt16(I2C_M_RD)

    @Test("a chunked read of an 8-bit register: per chunk a 1-byte register write, then a read flagged I2C_M_RD")
    func chunkedRead() throws {
        let plan = try TransferPlanner(functionality: .fullI2C, maximumMessageLength: 40)
            .read(address: 0x50, register: 0x10, width: .eight, length: 100)
        #expect(
            Self.ioctls(plan) == [
                [
                    Raw(addr: 0x50, flags: 0, len: 1, offset: 0, bytes: [0x10]),
                    Raw(addr: 0x50, flags: read, len: 40, offset: 1),
                ],
                [
                    Raw(addr: 0x50, flags: 0, len: 1, offset: 0, bytes: [0x38]),
                    Raw(addr: 0x50, flags: read, len: 40, offset: 1),
                ],
                [
                    Raw(addr: 0x50, flags: 0, len: 1, offset: 0, bytes: [0x60]),
                    Raw(addr: 0x50, flags: read, len: 20, offset: 1),
                ],
            ])
    }

    @Test("16-bit registers: the register's two bytes, most significant first, advanced per chunk")
    func sixteenBitRegisters() throws {
        let planner = TransferPlanner(functionality: .fullI2C, maximumMessageLength: 64)
        let plan = try planner.read(address: 0x50, register: 0x01F0, width: .sixteen, length: 100)
        #expect(
            Self.ioctls(plan) == [
                [
                    Raw(addr: 0x50, flags: 0, len: 2, offset: 0, bytes: [0x01, 0xF0]),
                    Raw(addr: 0x50, flags: read, len: 64, offset: 2),
                ],
                [
                    Raw(addr: 0x50, flags: 0, len: 2, offset: 0, bytes: [0x02, 0x30]),
                    Raw(addr: 0x50, flags: read, len: 36, offset: 2),
                ],
            ])
        let write = try planner.write(address: 0x50, register: 0x0100, width: .sixteen, bytes: [1, 2, 3])
        #expect(Self.ioctls(write) == [[Raw(addr: 0x50, flags: 0, len: 5, offset: 0, bytes: [0x01, 0x00, 1, 2, 3])]])
    }

    @Test("a combined transfer to two addresses: each message its own address, buffers back to back")
    func combined() {
        let messages: [I2CMessage] = [
            .write(0x44, [0x24, 0x00]), .read(0x44, 6), .write(0x45, [0xE0]), .read(0x45, 2),
        ]
        #expect(
            Self.raw(messages) == [
                Raw(addr: 0x44, flags: 0, len: 2, offset: 0, bytes: [0x24, 0x00]),
                Raw(addr: 0x44, flags: read, len: 6, offset: 2),
                Raw(addr: 0x45, flags: 0, len: 1, offset: 8, bytes: [0xE0]),
                Raw(addr: 0x45, flags: read, len: 2, offset: 9),
            ])
    }

    @Test("what the reads read comes back per read message, in order")
    func reads() {
        let kernel = KernelMessages([.write(0x44, [0x24]), .read(0x44, 3), .read(0x44, 2)])
        defer { kernel.deallocate() }
        // As the kernel fills the read buffers.
        for index in 1..<6 { kernel.storage[index] = UInt8(index * 10) }
        #expect(kernel.reads == [[10, 20, 30], [40, 50]])
    }

    @Test("on an SMBus-only adapter a long read is SMBus I2C-block reads: no i2c_msg at all")
    func smbusFallback() throws {
        let plan = try TransferPlanner(functionality: .smbusOnly).read(
            address: 0x50, register: 0, width: .eight, length: 70)
        #expect(Self.ioctls(plan).isEmpty)
        #expect(plan.count == 3)
    }
}
