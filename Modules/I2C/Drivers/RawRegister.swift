/// A register of a `raw` device read as a number: `size` bytes in `byteOrder`, signed or not,
/// times `scale`.
struct RawRegister: Sendable, Hashable, Decodable {
    enum ByteOrder: String, Sendable, Hashable, Decodable {
        case big, little
    }

    var register: Int
    var size: Int
    var byteOrder: ByteOrder
    var signed: Bool
    var scale: Double
    var unit: String
    /// Seconds between readings; 0: read on request only.
    var poll: Double

    enum CodingKeys: String, CodingKey {
        case register, size, signed, scale, unit, poll
        case byteOrder = "byte_order"
    }

    /// The value `bytes` (exactly `size` of them) hold.
    func value(of bytes: [UInt8]) -> Double {
        let ordered = byteOrder == .big ? bytes : bytes.reversed()
        var raw: UInt64 = 0
        for byte in ordered { raw = raw << 8 | UInt64(byte) }
        let bits = 8 * bytes.count
        guard signed, bits < 64, raw & (UInt64(1) << (bits - 1)) != 0 else {
            return Double(raw) * scale
        }
        return Double(Int64(raw) - Int64(1) << bits) * scale
    }
}
