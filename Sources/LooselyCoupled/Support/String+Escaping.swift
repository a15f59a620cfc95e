extension String {
    /// This text with control characters written as escapes (`\n`, `\r`, `\t`, `\x1b`…), so
    /// that text quoted from input stays on its line: a key holding a newline or an escape
    /// sequence can neither break a one-problem-per-line message nor forge another line.
    ///
    /// - Parameter backslash: Whether to escape `\` too (as `\\`), so the escaped text can be
    ///   read back unambiguously (log records); messages that already quote JSON strings keep
    ///   their backslashes.
    public func escapingControlCharacters(backslash: Bool = false) -> String {
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar.value == 0x2028 || scalar.value == 0x2029 || (backslash && scalar == "\\")
        }
        guard unicodeScalars.contains(where: needsEscape) else { return self }
        var result = ""
        for scalar in unicodeScalars {
            guard needsEscape(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x100: result += "\\x" + String(scalar.value, radix: 16)
            default: result += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return result
    }
}
