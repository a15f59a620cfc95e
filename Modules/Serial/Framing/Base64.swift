/// RFC 4648 base64 (standard alphabet, `=` padding), without Foundation.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The value of each ASCII character in the alphabet; 0xFF for characters outside it.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (value, character) in alphabet.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()

    static func encode(_ bytes: some Collection<UInt8>) -> String {
        let length = (bytes.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: length) { output in
            var index = 0
            var group: UInt32 = 0
            var filled = 0
            func put(_ group: UInt32, count: Int) {
                for shift in stride(from: 18, through: 0, by: -6).prefix(count) {
                    output[index] = alphabet[Int(group >> UInt32(shift) & 0x3F)]
                    index += 1
                }
            }
            for byte in bytes {
                group = group << 8 | UInt32(byte)
                filled += 1
                if filled == 3 {
                    put(group, count: 4)
                    group = 0
                    filled = 0
                }
            }
            if filled > 0 {
                put(group << UInt32(8 * (3 - filled)), count: filled + 1)
                for _ in filled..<3 {
                    output[index] = UInt8(ascii: "=")
                    index += 1
                }
            }
            return index
        }
    }

    /// Decodes padded or unpadded base64; whitespace is ignored.
    static func decode(_ text: String) throws(FrameEncodingError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 3 / 4)
        var group: UInt32 = 0
        var filled = 0
        var padding = 0
        for (position, character) in text.utf8.enumerated() {
            if character == 0x20 || character == 0x09 || character == 0x0A || character == 0x0D { continue }
            if character == UInt8(ascii: "=") {
                padding += 1
                guard filled >= 2, filled + padding <= 4 else {
                    throw FrameEncodingError("misplaced '=' at position \(position + 1)", encoding: .base64)
                }
                continue
            }
            let value = values[Int(character)]
            guard value != 0xFF else {
                throw FrameEncodingError("not a base64 character at position \(position + 1)", encoding: .base64)
            }
            guard padding == 0 else {
                throw FrameEncodingError("data after '=' padding at position \(position + 1)", encoding: .base64)
            }
            group = group << 6 | UInt32(value)
            filled += 1
            if filled == 4 {
                bytes.append(UInt8(group >> 16 & 0xFF))
                bytes.append(UInt8(group >> 8 & 0xFF))
                bytes.append(UInt8(group & 0xFF))
                group = 0
                filled = 0
            }
        }
        switch filled {
        case 0: break
        case 1: throw FrameEncodingError("a lone character at the end (a group needs at least two)", encoding: .base64)
        case 2: bytes.append(UInt8(group >> 4 & 0xFF))
        default:
            bytes.append(UInt8(group >> 10 & 0xFF))
            bytes.append(UInt8(group >> 2 & 0xFF))
        }
        return bytes
    }
}
