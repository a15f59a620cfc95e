#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Whether both strings are the same sequence of Unicode code points: the same UTF-8 bytes.
    ///
    /// JSON and YAML keys, module, method and event names are compared so. Swift's `==` compares
    /// by canonical equivalence, which takes `"\u{E9}"` and `"e\u{301}"` for one string; that
    /// would merge two keys and lose a value.
    ///
    /// It runs on every call and key lookup, so it takes the cheapest test that decides first:
    /// strings whose 16-byte representations are identical hold the same bytes (a short string
    /// stores them inline, a long one points at the same immutable storage), which is the usual
    /// case of a name written as a literal on both sides; strings that differ by `==` differ in
    /// their code points too. Only the rest compare their bytes.
    func hasSameCodePoints(as other: String) -> Bool {
        if Self.haveSameRepresentation(self, other) { return true }
        guard self == other else { return false }
        var left = self
        var right = other
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                guard leftBytes.count == rightBytes.count else { return false }
                guard let leftStart = leftBytes.baseAddress, let rightStart = rightBytes.baseAddress else { return true }
                return memcmp(leftStart, rightStart, leftBytes.count) == 0
            }
        }
    }

    private static func haveSameRepresentation(_ a: String, _ b: String) -> Bool {
        withUnsafeBytes(of: a) { left in
            withUnsafeBytes(of: b) { right in
                // Word by word: a byte loop over the raw buffers costs ten times as much.
                var offset = 0
                while offset + 8 <= left.count {
                    guard left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                        == right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    else { return false }
                    offset += 8
                }
                while offset < left.count {
                    guard left[offset] == right[offset] else { return false }
                    offset += 1
                }
                return true
            }
        }
    }
}
