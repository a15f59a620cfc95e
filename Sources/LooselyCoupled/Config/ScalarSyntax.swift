/// How the text of a plain scalar reads as null, a boolean, a number, a duration or a time of day.
///
/// `coreValue` follows the YAML 1.2 core schema for free-form values. The typed readers are what
/// a schema applies to the keys it declares; they are more forgiving where YAML 1.1 habits are
/// harmless (`on`/`off` for booleans, `10_000` for integers).
enum ScalarSyntax {
    /// The result of reading an integer.
    enum Integer: Equatable {
        case value(Int)
        /// Digits of the right form, but too large for `Int`.
        case overflow
        case invalid
    }

    /// The result of reading a duration.
    enum DurationText: Equatable {
        case nanoseconds(Int)
        /// A number without a unit, such as `5`.
        case missingUnit
        /// Too long for 64-bit nanoseconds (about 292 years).
        case overflow
        case invalid
    }

    /// The duration units, in the order error messages list them, with their length in nanoseconds.
    static let durationUnits: [(name: String, nanoseconds: Int)] = [
        ("ns", 1), ("us", 1_000), ("ms", 1_000_000),
        ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]

    static func isNull(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    /// `true`/`false` in the spellings of the YAML 1.2 core schema.
    static func coreBool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// A boolean under a key declared `.bool`: the core spellings plus `yes`/`no`/`on`/`off`.
    static func bool(_ text: String) -> Bool? {
        if let value = coreBool(text) { return value }
        switch text {
        case "yes", "Yes", "YES", "on", "On", "ON": return true
        case "no", "No", "NO", "off", "Off", "OFF": return false
        default: return nil
        }
    }

    /// An integer: decimal with an optional sign, `0x` hexadecimal, `0o` octal. `lenient` also
    /// takes `0b` binary, a sign before any base, and `_` between digits (`10_000`).
    static func integer(_ text: String, lenient: Bool) -> Integer {
        var rest = Substring(text)
        var sign = ""
        if let first = rest.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            rest = rest.dropFirst()
        }
        var radix = 10
        for (prefix, base) in [("0x", 16), ("0o", 8), ("0b", 2)] where rest.hasPrefix(prefix) {
            if base == 2 && !lenient { return .invalid }
            // The core schema gives signs to decimal integers only.
            if !lenient && text.first.map({ $0 == "+" || $0 == "-" }) == true { return .invalid }
            radix = base
            rest = rest.dropFirst(2)
        }
        if lenient {
            if rest.first == "_" || rest.last == "_" || rest.contains("__") { return .invalid }
            rest = Substring(rest.filter { $0 != "_" })
        }
        guard !rest.isEmpty, rest.allSatisfy({ $0.isASCII && $0.hexDigitValue.map { $0 < radix } == true }) else {
            return .invalid
        }
        guard let value = Int(sign + rest, radix: radix) else { return .overflow }
        return .value(value)
    }

    /// A floating-point number of the YAML 1.2 core schema: `1.5`, `-2e3`, `.5`, `.inf`, `-.inf`, `.nan`.
    static func coreFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        guard isDecimalFloat(text) else { return nil }
        return Double(text)
    }

    /// Whether `text` is `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`.
    private static func isDecimalFloat(_ text: String) -> Bool {
        var chars = Substring(text)
        if let first = chars.first, first == "+" || first == "-" { chars = chars.dropFirst() }
        let integerDigits = chars.prefix { $0.isASCII && $0.isNumber }
        chars = chars.dropFirst(integerDigits.count)
        var fractionDigits = Substring()
        if chars.first == "." {
            chars = chars.dropFirst()
            fractionDigits = chars.prefix { $0.isASCII && $0.isNumber }
            chars = chars.dropFirst(fractionDigits.count)
        }
        if integerDigits.isEmpty && fractionDigits.isEmpty { return false }
        if let first = chars.first, first == "e" || first == "E" {
            chars = chars.dropFirst()
            if let sign = chars.first, sign == "+" || sign == "-" { chars = chars.dropFirst() }
            let exponent = chars.prefix { $0.isASCII && $0.isNumber }
            if exponent.isEmpty { return false }
            chars = chars.dropFirst(exponent.count)
        }
        return chars.isEmpty
    }

    /// A plain scalar read by the YAML 1.2 core schema: null, boolean, integer, float, else a
    /// string. An integer too large for `Int` stays a string, so no digit is lost.
    static func coreValue(_ text: String) -> Value {
        if isNull(text) { return .null }
        if let value = coreBool(text) { return .bool(value) }
        if case .value(let value) = integer(text, lenient: false) { return .int(value) }
        if let value = coreFloat(text) { return .double(value) }
        return .string(text)
    }

    /// The longest duration a config may give, in nanoseconds: 100 years. Every duration a module
    /// reads (``Value/durationValue``) and adds to an instant then fits 64-bit nanoseconds.
    static let longestDuration = 100 * 365 * 86_400 * 1_000_000_000

    /// A duration: one or more number–unit pairs such as `500ms`, `1.5s`, `1h30m`; a bare `0` is
    /// zero. Fractions are exact to the nanosecond (rounded half up).
    static func duration(_ text: String) -> DurationText {
        if text == "0" { return .nanoseconds(0) }
        if isDecimalFloat(text) { return .missingUnit }
        var rest = Substring(text)
        var total = 0
        guard !rest.isEmpty else { return .invalid }
        while !rest.isEmpty {
            let whole = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(whole.count)
            var fraction = Substring()
            if rest.first == "." {
                rest = rest.dropFirst()
                fraction = rest.prefix { $0.isASCII && $0.isNumber }
                rest = rest.dropFirst(fraction.count)
                if fraction.isEmpty { return .invalid }
            }
            if whole.isEmpty && fraction.isEmpty { return .invalid }
            let unitText = rest.prefix { $0.isLetter }
            rest = rest.dropFirst(unitText.count)
            // µs is us, and min is m (as Home Assistant's examples write minutes).
            let unitName = unitText == "\u{00B5}s" ? "us" : unitText == "min" ? "m" : unitText
            guard let unit = durationUnits.first(where: { $0.name == unitName }) else {
                return unitText.isEmpty && rest.isEmpty ? .missingUnit : .invalid
            }
            guard let part = nanoseconds(whole: whole, fraction: fraction, unit: unit.nanoseconds) else {
                return .overflow
            }
            let (sum, overflow) = total.addingReportingOverflow(part)
            if overflow { return .overflow }
            total = sum
        }
        return .nanoseconds(total)
    }

    /// `whole.fraction` times `unit` nanoseconds, or `nil` on overflow.
    private static func nanoseconds(whole: Substring, fraction: Substring, unit: Int) -> Int? {
        var value = 0
        for digit in whole {
            guard let digitValue = digit.wholeNumberValue else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.addingReportingOverflow(digitValue)
            if overflow1 || overflow2 { return nil }
            value = next
        }
        let (scaled, overflow) = value.multipliedReportingOverflow(by: unit)
        if overflow { return nil }
        // The fraction's digits beyond nanosecond precision cannot change the result by more
        // than rounding, so at most 18 are read.
        var numerator = 0
        var denominator = 1
        for digit in fraction.prefix(18) {
            numerator = numerator * 10 + (digit.wholeNumberValue ?? 0)
            denominator *= 10
        }
        // unit ≤ 3.6e12 and numerator < denominator ≤ 1e18: compute in two steps without overflow.
        let fractional = (numerator.multipliedFullWidth(by: unit))
        let (quotient, remainder) = denominator.dividingFullWidth(fractional)
        let rounded = quotient + (remainder * 2 >= denominator ? 1 : 0)
        let (sum, overflowSum) = scaled.addingReportingOverflow(rounded)
        return overflowSum ? nil : sum
    }

    /// A time of day `H:MM`, `HH:MM` or `HH:MM:SS` (00:00 to 23:59:59), as seconds since midnight.
    static func timeOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for (index, part) in parts.enumerated() {
            let allowed = index == 0 ? 1...2 : 2...2
            guard allowed.contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                let number = Int(part)
            else { return nil }
            numbers.append(number)
        }
        let seconds = numbers.count == 3 ? numbers[2] : 0
        guard numbers[0] < 24, numbers[1] < 60, seconds < 60 else { return nil }
        return numbers[0] * 3600 + numbers[1] * 60 + seconds
    }
}

extension Int {
    /// An integer as a config writes one under an integer key: decimal, `0x` hexadecimal, `0o`
    /// octal or `0b` binary, with `_` between digits; `nil` for other text and for overflow. For
    /// method arguments that a user types as strings (`"0x76"`: JSON has no hexadecimal).
    package init?(integerText text: String) {
        guard case .value(let value) = ScalarSyntax.integer(text, lenient: true) else { return nil }
        self = value
    }
}
