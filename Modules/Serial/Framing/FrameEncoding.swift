/// How frame bytes appear as text in events, method arguments and replies, as `encoding:` sets
/// it: `text` (UTF-8, invalid bytes replaced by U+FFFD), `hex` (two lowercase digits a byte) or
/// `base64` (RFC 4648, padded).
///
/// Decoding is strict where a mistake would send the wrong bytes: odd hex digits, a character
/// outside the alphabet, or bad padding is an error naming the position. Whitespace between
/// digits or base64 groups is ignored, so `"0d 0a"` reads like `"0d0a"`.
public enum FrameEncoding: String, Sendable, Hashable, CaseIterable, Decodable {
    case text
    case hex
    case base64

    /// `bytes` as text in this encoding.
    public func encode(_ bytes: some Collection<UInt8>) -> String {
        switch self {
        case .text: String(decoding: bytes, as: UTF8.self)
        case .hex: Self.hexString(bytes)
        case .base64: Base64.encode(bytes)
        }
    }

    /// The bytes `text` stands for in this encoding.
    ///
    /// - Throws: ``FrameEncodingError`` for text that is not valid hex or base64.
    public func decode(_ text: String) throws(FrameEncodingError) -> [UInt8] {
        switch self {
        case .text: Array(text.utf8)
        case .hex: try Self.hexBytes(text)
        case .base64: try Base64.decode(text)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func hexString(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var index = 0
            for byte in bytes {
                buffer[index] = hexDigits[Int(byte >> 4)]
                buffer[index + 1] = hexDigits[Int(byte & 0x0F)]
                index += 2
            }
            return index
        }
    }

    private static func hexBytes(_ text: String) throws(FrameEncodingError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count / 2)
        var high: UInt8?
        for (position, character) in text.utf8.enumerated() {
            if character == 0x20 || character == 0x09 || character == 0x0A || character == 0x0D { continue }
            guard let nibble = hexValue(character) else {
                throw FrameEncodingError("not a hex digit at position \(position + 1)", encoding: .hex)
            }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard high == nil else {
            throw FrameEncodingError("an odd number of hex digits (two make a byte)", encoding: .hex)
        }
        return bytes
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Text that does not decode in the port's encoding.
public struct FrameEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, with the position of the first bad character.
    public var message: String
    /// The encoding the text was read in.
    public var encoding: FrameEncoding

    init(_ message: String, encoding: FrameEncoding) {
        self.message = message
        self.encoding = encoding
    }

    /// `not valid hex: …`, naming the encoding and what is wrong.
    public var description: String { "not valid \(encoding.rawValue): \(message)" }
}
