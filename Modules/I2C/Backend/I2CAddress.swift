/// How addresses and registers are written in messages: `0x76`, `0x0f`, `0x1234`.
enum I2CAddress {
    /// A 7-bit address as i2cdetect shows it: `0x76`.
    static func hex(_ address: UInt16) -> String {
        "0x" + pad(String(address, radix: 16), to: 2)
    }

    /// A register of `width` bits: `0xf7`, `0x0010`.
    static func register(_ register: UInt16, width: Int = 8) -> String {
        "0x" + pad(String(register, radix: 16), to: width / 4)
    }

    private static func pad(_ digits: String, to count: Int) -> String {
        String(repeating: "0", count: max(0, count - digits.count)) + digits
    }

    /// The 7-bit addresses a device may have: 0x03–0x77 (below are reserved for bus
    /// protocols, above for 10-bit addressing and future use).
    static let usable: ClosedRange<UInt16> = 0x03...0x77
}
