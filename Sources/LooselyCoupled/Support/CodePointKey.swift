/// A string as a `Dictionary` or `Set` key, compared and hashed by its code points (its UTF-8
/// bytes) rather than by canonical equivalence: names and keys that only look alike stay apart.
///
/// Config keys, module, method, event, input and timer names are sequences of code points, as
/// JSON and YAML define keys; Swift's `String ==` would take `"\u{E9}"` and `"e\u{301}"` for
/// one name, and a `Dictionary<String, _>` would merge them and lose a value (or trap in
/// `init(uniqueKeysWithValues:)`). A module that keys its own state by names from the config
/// uses this:
///
/// ```swift
/// var timers: [CodePointKey: Timer] = [:]
/// timers[CodePointKey(name)] = timer
/// ```
public struct CodePointKey: Hashable, Sendable, CustomStringConvertible {
    /// The name.
    public let string: String

    /// The key for `string`.
    public init(_ string: String) { self.string = string }

    /// The name, as written.
    public var description: String { string }

    /// Whether the two names have the same code points; `é` and `e` with a combining accent differ.
    public static func == (lhs: CodePointKey, rhs: CodePointKey) -> Bool {
        lhs.string.hasSameCodePoints(as: rhs.string)
    }

    /// Hashes the name's UTF-8 bytes, so that equal keys hash alike.
    public func hash(into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
