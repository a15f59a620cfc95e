/// A string as a `Dictionary` or `Set` key, compared and hashed by its code points (its UTF-8
/// bytes) rather than by canonical equivalence: names and keys that only look alike stay apart.
///
/// See ``Swift/String/hasSameCodePoints(as:)``.
struct CodePointKey: Hashable, Sendable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (lhs: CodePointKey, rhs: CodePointKey) -> Bool {
        lhs.string.hasSameCodePoints(as: rhs.string)
    }

    func hash(into hasher: inout Hasher) {
        var string = string
        string.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
