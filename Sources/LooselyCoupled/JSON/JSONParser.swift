/// A strict RFC 8259 parser from UTF-8 bytes to a ``Value``.
///
/// It keeps open arrays and objects on its own stack instead of recursing, so hostile nesting
/// ends in a ``JSONError`` rather than a stack overflow, on any thread's stack size.
///
/// Why the daemon parses JSON itself rather than with FoundationEssentials' `JSONDecoder`
/// (which swift-argument-parser links anyway):
/// - `Value` is the daemon's currency, and decoding into it through `Decodable` costs a
///   container per level and a dictionary per object; this parser builds the `Value` directly
///   (control requests and CLI arguments are parsed on the call path).
/// - Objects keep their members in the order written, which a `[String: Any]`-shaped decode
///   loses; replies and event lines read back as the client wrote them.
/// - Integers stay integers and `2.0` stays a double (`JSONDecoder` reads both as one number),
///   which module arguments rely on (`count: 3` against `duration: 0.5`).
/// - Errors carry line, column and byte offset, for one-line messages to a control client,
///   and the nesting limit (512) is the daemon's own, the same for every entry point.
/// JSONTestSuite's cases (`Tests/LooselyCoupledTests/JSON/JSONTestSuiteTests.swift`) and the
/// `json` fuzz target (`Fuzz/`) hold it to RFC 8259.
struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    static let maximumDepth = 512

    /// An array or object whose members are still being read.
    private struct Frame {
        var isObject: Bool
        /// Where its elements or member values start in `pending`.
        var start: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let depthLimit: Int
    private var index = 0
    /// Reused between strings that contain escapes, to decode them without reallocating.
    private var scratch: [UInt8] = []
    /// The finished elements and member values of all open containers, innermost last: one
    /// growing array instead of one per container, which makes a container once it closes.
    private var pending: [Value] = []
    /// The keys of the open objects' members, parallel to their values in `pending`.
    private var pendingKeys: [String] = []

    private init(_ bytes: UnsafeBufferPointer<UInt8>, depthLimit: Int) {
        self.bytes = bytes
        self.depthLimit = depthLimit
    }

    /// Parses one JSON text that fills all of `bytes`, nested at most `depthLimit` levels.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, depthLimit: Int = maximumDepth) -> Result<Value, JSONError> {
        var parser = JSONParser(bytes, depthLimit: depthLimit)
        do throws(JSONError) {
            return .success(try parser.parseText())
        } catch {
            return .failure(error)
        }
    }

    private mutating func parseText() throws(JSONError) -> Value {
        var stack: [Frame] = []
        skipWhitespace()
        while true {
            // Read one value, or open a container and go on to its first member.
            guard index < bytes.count else {
                throw error(.unexpectedEnd, "unexpected end of input, expected a value")
            }
            var value: Value
            switch bytes[index] {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                let isObject = bytes[index] == UInt8(ascii: "{")
                guard stack.count < depthLimit else {
                    throw error(.tooDeep, "arrays and objects nested more than \(depthLimit) levels deep")
                }
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    value = isObject ? .object([:]) : .array([])
                } else {
                    if isObject { pendingKeys.append(try parseKey()) }
                    stack.append(Frame(isObject: isObject, start: pending.count))
                    continue
                }
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = try parseNumber()
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            default:
                if hasPrefix("NaN") || hasPrefix("Infinity") {
                    throw error(.invalidNumber, "NaN and Infinity are not JSON numbers")
                }
                throw error(.syntax, "expected a value, found \(describeByte(at: index))")
            }

            // Hand the finished value to the containers it completes, up to one that goes on.
            while true {
                skipWhitespace()
                guard !stack.isEmpty else {
                    guard index == bytes.count else {
                        throw error(.syntax, "unexpected \(describeByte(at: index)) after the JSON value")
                    }
                    return value
                }
                let top = stack[stack.count - 1]
                let close = top.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                pending.append(value)
                guard index < bytes.count else {
                    throw error(
                        .unexpectedEnd, "unexpected end of input, expected ',' or '\(Character(Unicode.Scalar(close)))'"
                    )
                }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                    skipWhitespace()
                    if top.isObject { pendingKeys.append(try parseKey()) }
                    break
                }
                guard bytes[index] == close else {
                    throw error(
                        .syntax,
                        "expected ',' or '\(Character(Unicode.Scalar(close)))', found \(describeByte(at: index))")
                }
                index += 1
                stack.removeLast()
                value = top.isObject ? closeObject(from: top.start) : .array(Array(pending[top.start...]))
                pending.removeSubrange(top.start...)
            }
        }
    }

    /// The object made of the last `pending.count - start` values and keys, which it removes
    /// from `pendingKeys`; the caller removes the values.
    private mutating func closeObject(from start: Int) -> Value {
        let count = pending.count - start
        let keysStart = pendingKeys.count - count
        var members = Value.Object(minimumCapacity: count)
        for offset in 0..<count {
            // The last of duplicate keys wins, as in most parsers, at the first one's position.
            members[pendingKeys[keysStart + offset]] = pending[start + offset]
        }
        pendingKeys.removeSubrange(keysStart...)
        return .object(members)
    }

    /// Reads `"key" :` and the whitespace after it, leaving the index on the member's value.
    private mutating func parseKey() throws(JSONError) -> String {
        guard index < bytes.count else {
            throw error(.unexpectedEnd, "unexpected end of input, expected a string key")
        }
        guard bytes[index] == UInt8(ascii: "\"") else {
            throw error(.syntax, "expected a string key, found \(describeByte(at: index))")
        }
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count else {
            throw error(.unexpectedEnd, "unexpected end of input, expected ':'")
        }
        guard bytes[index] == UInt8(ascii: ":") else {
            throw error(.syntax, "expected ':', found \(describeByte(at: index))")
        }
        index += 1
        skipWhitespace()
        return key
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONError) {
        guard hasPrefix(literal) else {
            throw error(.syntax, "expected a value, found \(describeByte(at: index))")
        }
        index += literal.utf8CodeUnitCount
    }

    /// Whether the bytes from the index on start with `literal`.
    private func hasPrefix(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        return literal.withUTF8Buffer { expected in
            index + count <= bytes.count && (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
    }

    /// Builds an error at `offset`, the current index unless given.
    func error(_ code: JSONError.Code, _ message: String, at offset: Int? = nil) -> JSONError {
        JSONError(code, message, offset: offset ?? index, in: bytes)
    }

    /// Names the byte at `offset` for a message: `'x'`, `byte 0xC3`, or `end of input`.
    func describeByte(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        let byte = bytes[offset]
        if byte > 0x20, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count < 2 ? "0" + hex : hex)"
    }
}

extension JSONParser {
    /// Reads a number, the index on its first character.
    private mutating func parseNumber() throws(JSONError) -> Value {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < bytes.count else {
            throw error(.unexpectedEnd, "unexpected end of input, expected a digit")
        }
        // Accumulated negatively, so that Int.min fits; `nil` once it overflows.
        var integer: Int? = 0
        switch bytes[index] {
        case UInt8(ascii: "0"):
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw error(.invalidNumber, "leading zeros are not allowed", at: start)
            }
        case UInt8(ascii: "1")...UInt8(ascii: "9"):
            while index < bytes.count, isDigit(bytes[index]) {
                if let partial = integer {
                    let (shifted, overflow1) = partial.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = shifted.subtractingReportingOverflow(Int(bytes[index] &- UInt8(ascii: "0")))
                    integer = overflow1 || overflow2 ? nil : sum
                }
                index += 1
            }
        default:
            if hasPrefix("Infinity") {
                throw error(.invalidNumber, "NaN and Infinity are not JSON numbers", at: start)
            }
            throw error(.invalidNumber, "expected a digit, found \(describeByte(at: index))")
        }

        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            try skipDigits(after: "'.'")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            try skipDigits(after: "the exponent")
        }

        if isInteger, let integer {
            if !negative {
                if integer == .min { return .double(-Double(integer)) }
                return .int(-integer)
            }
            return .int(integer)
        }
        // The grammar is checked, so the standard library's shortest-round-trip parser only sees
        // what it agrees on; it reports numbers beyond Double's range as infinity.
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else {
            throw error(.invalidNumber, "number out of range", at: start)
        }
        return .double(double)
    }

    private mutating func skipDigits(after what: String) throws(JSONError) {
        guard index < bytes.count, isDigit(bytes[index]) else {
            if index == bytes.count {
                throw error(.unexpectedEnd, "unexpected end of input, expected a digit after \(what)")
            }
            throw error(.invalidNumber, "expected a digit after \(what), found \(describeByte(at: index))")
        }
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}

extension JSONParser {
    /// Reads a string, the index on its opening quote.
    private mutating func parseString() throws(JSONError) -> String {
        let quote = index
        index += 1
        let start = index
        // Most strings have no escapes: validate them straight from the input.
        var allBits: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            allBits |= byte
            if byte == UInt8(ascii: "\"") {
                let utf8 = UnsafeBufferPointer(rebasing: bytes[start..<index])
                // ASCII is valid UTF-8, and this initialiser is much faster than validating.
                let string = allBits < 0x80 ? String(decoding: utf8, as: UTF8.self) : try makeString(utf8, at: start)
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacterError(byte) }
            index += 1
        }

        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try scratch.withUnsafeBufferPointer { (decoded) throws(JSONError) in
                    try makeString(decoded, at: start)
                }
            case UInt8(ascii: "\\"):
                try parseEscape()
            case 0..<0x20:
                throw controlCharacterError(byte)
            default:
                scratch.append(byte)
                index += 1
            }
        }
        throw error(.unexpectedEnd, "unexpected end of input in the string that starts here", at: quote)
    }

    /// Decodes the escape at the index into `scratch`.
    private mutating func parseEscape() throws(JSONError) {
        let escape = index
        index += 1
        guard index < bytes.count else {
            throw error(.unexpectedEnd, "unexpected end of input in an escape")
        }
        let letter = bytes[index]
        index += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(letter)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4(escape: escape)
            var scalar: Unicode.Scalar?
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate is only valid followed by an escaped low surrogate.
                if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    let low = index
                    index += 2
                    let second = try parseHex4(escape: low)
                    if (0xDC00...0xDFFF).contains(second) {
                        scalar = Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(second) - 0xDC00))
                    }
                }
            case 0xDC00...0xDFFF:
                scalar = nil
            default:
                scalar = Unicode.Scalar(unit)
            }
            guard let scalar else {
                throw error(.invalidString, "lone surrogate in \\u escape", at: escape)
            }
            scratch.append(contentsOf: scalar.utf8)
        default:
            throw error(.invalidString, "invalid escape '\\\(Character(Unicode.Scalar(letter)))'", at: escape)
        }
    }

    private mutating func parseHex4(escape: Int) throws(JSONError) -> UInt16 {
        var unit: UInt16 = 0
        for _ in 0..<4 {
            guard index < bytes.count else {
                throw error(.unexpectedEnd, "unexpected end of input in a \\u escape")
            }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(.invalidString, "\\u must be followed by four hex digits", at: escape)
            }
            unit = unit << 4 | UInt16(digit)
            index += 1
        }
        return unit
    }

    private func makeString(_ utf8: UnsafeBufferPointer<UInt8>, at start: Int) throws(JSONError) -> String {
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw error(.invalidString, "invalid UTF-8 in string", at: start)
        }
        return string
    }

    private func controlCharacterError(_ byte: UInt8) -> JSONError {
        let hex = String(byte, radix: 16, uppercase: true)
        return error(
            .invalidString, "control character U+00\(hex.count < 2 ? "0" + hex : hex) must be escaped in a string")
    }
}
