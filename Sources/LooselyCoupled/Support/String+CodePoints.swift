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
    public func hasSameCodePoints(as other: String) -> Bool {
        if Self.haveSameRepresentation(self, other) { return true }
        guard self == other else { return false }
        var left = self
        var right = other
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                guard leftBytes.count == rightBytes.count else { return false }
                guard let leftStart = leftBytes.baseAddress, let rightStart = rightBytes.baseAddress else {
                    return true
                }
                return memcmp(leftStart, rightStart, leftBytes.count) == 0
            }
        }
    }

    private static func haveSameRepresentation(_ a: String, _ b: String) -> Bool {
        Representation(a) == Representation(b)
    }

    /// The bits of a string value itself (not of its characters): equal representations hold
    /// the same bytes, a short string stores them inline and a long one points at the same
    /// immutable storage. Unequal representations say nothing: two copies of a long string may
    /// live in two places. A fast path only, for `hasSameCodePoints(as:)` and ``NameTable``.
    struct Representation: Hashable, Sendable {
        let first: UInt64
        let second: UInt64

        init(_ string: String) {
            // 16 bytes on 64-bit platforms (a constant the compiler folds); a smaller layout is
            // zero-padded.
            guard MemoryLayout<String>.size == 16 else {
                var words: (UInt64, UInt64) = (0, 0)
                withUnsafeBytes(of: string) { source in
                    withUnsafeMutableBytes(of: &words) { target in
                        target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source.prefix(target.count)))
                    }
                }
                (first, second) = words
                return
            }
            (first, second) = withUnsafeBytes(of: string) { raw in
                (
                    raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self),
                    raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                )
            }
        }

        /// Mixes both words; for open addressing, not for a `Hasher`.
        var hash: UInt64 {
            let mixed = (first &* 0x9E37_79B9_7F4A_7C15) ^ (second &* 0xC2B2_AE3D_27D4_EB4F)
            return mixed ^ (mixed >> 31)
        }
    }
}
