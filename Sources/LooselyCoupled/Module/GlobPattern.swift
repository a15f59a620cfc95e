/// An fnmatch-style pattern for event names: `*` any run, `?` one character, `[abc]`, `[a-z]` and
/// `[!x]` sets. A pattern without these characters matches only itself.
package struct GlobPattern: Sendable, Hashable {
    package let text: String
    package let isLiteral: Bool
    private let bytes: [UInt8]

    package init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
        self.isLiteral = !bytes.contains {
            $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[")
        }
    }

    package func matches(_ name: String) -> Bool {
        if isLiteral { return name.hasSameCodePoints(as: text) }
        // The name's own UTF-8 storage, not a copy: an event reaches every glob handler and
        // trigger, so a copy per match was most of a match's cost.
        var name = name
        return name.withUTF8 { subject in
            bytes.withUnsafeBufferPointer { pattern in Self.match(pattern, subject) }
        }
    }

    /// Iterative matcher with single-star backtracking: linear in practice, no recursion.
    private static func match(_ pattern: UnsafeBufferPointer<UInt8>, _ subject: UnsafeBufferPointer<UInt8>) -> Bool {
        var p = pattern.startIndex
        var s = subject.startIndex
        var starP: Int?
        var starS = subject.startIndex
        while s < subject.endIndex {
            if p < pattern.endIndex {
                let c = pattern[p]
                if c == UInt8(ascii: "*") {
                    starP = p
                    starS = s
                    p += 1
                    continue
                }
                if c == UInt8(ascii: "?") {
                    p += 1
                    s += 1
                    continue
                }
                if c == UInt8(ascii: "["), let (matched, next) = matchSet(pattern, at: p, subject[s]) {
                    if matched {
                        p = next
                        s += 1
                        continue
                    }
                } else if c == subject[s] {
                    p += 1
                    s += 1
                    continue
                }
            }
            guard let star = starP else { return false }
            p = star + 1
            starS += 1
            s = starS
        }
        while p < pattern.endIndex, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.endIndex
    }

    /// Matches `byte` against the set starting at `start` (`[`); `nil` for an unterminated set,
    /// which then matches a literal `[`.
    private static func matchSet(_ pattern: UnsafeBufferPointer<UInt8>, at start: Int, _ byte: UInt8) -> (Bool, Int)? {
        var i = start + 1
        var negate = false
        if i < pattern.endIndex, pattern[i] == UInt8(ascii: "!") || pattern[i] == UInt8(ascii: "^") {
            negate = true
            i += 1
        }
        var matched = false
        var first = true
        while i < pattern.endIndex {
            let c = pattern[i]
            if c == UInt8(ascii: "]"), !first {
                return (matched != negate, i + 1)
            }
            first = false
            if i + 2 < pattern.endIndex, pattern[i + 1] == UInt8(ascii: "-"), pattern[i + 2] != UInt8(ascii: "]") {
                if c <= byte && byte <= pattern[i + 2] { matched = true }
                i += 3
            } else {
                if c == byte { matched = true }
                i += 1
            }
        }
        return nil
    }
}
