import CI2C

/// The `I2C_RDWR` ioctl's argument for a list of ``I2CMessage``s: the kernel's `i2c_msg`
/// array and the one buffer its messages point into, writes' bytes copied in and reads' space
/// left for the kernel to fill. Both stay valid, unmoved, until ``deallocate()``, which one
/// copy calls once.
struct KernelMessages {
    /// One `i2c_msg` per message: `addr`, `flags` (`I2C_M_RD` for a read, else 0), `len`, and
    /// `buf` pointing at the message's part of ``storage``.
    var messages: UnsafeMutableBufferPointer<i2c_msg> { UnsafeMutableBufferPointer(start: array, count: layout.count) }
    /// Every message's bytes, one after the other.
    let storage: UnsafeMutableBufferPointer<UInt8>
    private let array: UnsafeMutablePointer<i2c_msg>
    private let layout: [(offset: Int, length: Int, isRead: Bool)]

    init(_ list: [I2CMessage]) {
        let total = list.reduce(0) { $0 + $1.length }
        storage = .allocate(capacity: max(total, 1))
        array = .allocate(capacity: max(list.count, 1))
        var layout: [(offset: Int, length: Int, isRead: Bool)] = []
        var offset = 0
        for (index, message) in list.enumerated() {
            var flags: UInt16 = 0
            switch message.direction {
            case .write(let bytes):
                for (at, byte) in bytes.enumerated() { storage[offset + at] = byte }
            case .read:
                flags = UInt16(I2C_M_RD)
            }
            array[index] = i2c_msg(
                addr: message.address, flags: flags, len: UInt16(message.length),
                buf: storage.baseAddress.map { $0 + offset })
            layout.append((offset, message.length, message.isRead))
            offset += message.length
        }
        self.layout = layout
    }

    /// What each read message read, in order, once the ioctl returned.
    var reads: [[UInt8]] {
        layout.filter(\.isRead).map { Array(storage[$0.offset..<$0.offset + $0.length]) }
    }

    func deallocate() {
        storage.deallocate()
        array.deallocate()
    }
}
