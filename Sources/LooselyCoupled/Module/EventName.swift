/// What event names and patterns may be: identifiers, bounded, so that a name or a pattern from
/// a client can neither forge log lines nor make matching expensive.
///
/// A name or pattern is 1 to 255 bytes of UTF-8 with no control characters and no whitespace.
/// Patterns may use the glob characters `*`, `?` and `[…]`. Matching a pattern against a name
/// then takes at most their lengths' product in steps, and is linear in the name.
public enum EventName {
    /// The longest name or pattern, in UTF-8 bytes.
    public static let maximumLength = 255

    /// Why `text` is no valid event name (or, with `pattern`, glob pattern); `nil` when it is.
    public static func problem(in text: String, pattern: Bool = false) -> String? {
        let what = pattern ? "an event pattern" : "an event name"
        let count = text.utf8.count
        guard count > 0 else { return "\(what) cannot be empty" }
        guard count <= maximumLength else {
            return
                "\(what) is at most \(maximumLength) bytes long, this one has \(count) (\(Value.string(String(text.prefix(40))).json)…)"
        }
        for scalar in text.unicodeScalars
        where scalar.value < 0x21 || scalar.value == 0x7F || scalar.properties.isWhitespace
            || (0x80..<0xA0).contains(scalar.value)
        {
            return "\(what) may not contain spaces or control characters: \(Value.string(text).json)"
        }
        return nil
    }
}
