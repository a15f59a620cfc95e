/// An immutable table from names to values, looked up by the names' code points (UTF-8 bytes).
///
/// For the lookup every call makes (its `module.method` target). Two ways in, both open
/// addressing over the same entries:
/// - by representation: a name written as a short literal (up to 15 UTF-8 bytes, stored inline)
///   has the same 16-byte representation as the table's copy, so hashing those two words finds
///   it without reading the string at all;
/// - by bytes, for every other name: a word-at-a-time hash of the UTF-8 bytes.
///
/// A seeded SipHash `Dictionary<String, _>` lookup was a tenth of a synchronous call. Names are
/// compared byte for byte, so two spellings that Swift's `String ==` finds canonically
/// equivalent are two names, as in ``Value/Object``. Nobody but the table's creator inserts; a
/// caller can only look up, so a hostile name costs at most one probe sequence over the table's
/// own entries.
struct NameTable<Element: Sendable>: Sendable {
    private struct Entry: Sendable {
        let hash: UInt64
        let representation: String.Representation
        let name: String
        let element: Element
    }

    /// Slot `i` holds an index into `entries`, or -1; the number of slots is a power of two, at
    /// least twice the entries, so probe sequences stay short.
    private let byBytes: [Int32]
    private let byRepresentation: [Int32]
    private let entries: [Entry]
    private let mask: Int

    /// A table of `pairs`; of duplicate names the first is kept.
    init(_ pairs: [(String, Element)]) {
        var capacity = 8
        while capacity < pairs.count * 2 { capacity *= 2 }
        let mask = capacity - 1
        var byBytes = [Int32](repeating: -1, count: capacity)
        var byRepresentation = [Int32](repeating: -1, count: capacity)
        var entries: [Entry] = []
        entries.reserveCapacity(pairs.count)
        for (name, element) in pairs {
            let hash = Self.hash(name)
            var slot = Int(truncatingIfNeeded: hash) & mask
            var duplicate = false
            while byBytes[slot] >= 0 {
                let existing = entries[Int(byBytes[slot])]
                if existing.hash == hash, existing.name.hasSameCodePoints(as: name) {
                    duplicate = true
                    break
                }
                slot = (slot + 1) & mask
            }
            guard !duplicate else { continue }
            let representation = String.Representation(name)
            byBytes[slot] = Int32(entries.count)
            var fastSlot = Int(truncatingIfNeeded: representation.hash) & mask
            while byRepresentation[fastSlot] >= 0 { fastSlot = (fastSlot + 1) & mask }
            byRepresentation[fastSlot] = Int32(entries.count)
            entries.append(Entry(hash: hash, representation: representation, name: name, element: element))
        }
        self.byBytes = byBytes
        self.byRepresentation = byRepresentation
        self.entries = entries
        self.mask = mask
    }

    /// The element named `name`, or `nil`.
    subscript(name: String) -> Element? {
        let representation = String.Representation(name)
        var slot = Int(truncatingIfNeeded: representation.hash) & mask
        while true {
            let index = byRepresentation[slot]
            guard index >= 0 else { break }
            if entries[Int(index)].representation == representation { return entries[Int(index)].element }
            slot = (slot + 1) & mask
        }
        let hash = Self.hash(name)
        slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let index = byBytes[slot]
            guard index >= 0 else { return nil }
            if entries[Int(index)].hash == hash, entries[Int(index)].name.hasSameCodePoints(as: name) {
                return entries[Int(index)].element
            }
            slot = (slot + 1) & mask
        }
    }

    var count: Int { entries.count }

    /// A 64-bit hash of the UTF-8 bytes, eight at a time: each word is mixed in with a multiply
    /// and a shift (as FNV-1a does a byte), the tail byte by byte.
    static func hash(_ name: String) -> UInt64 {
        var name = name
        return name.withUTF8 { bytes in
            let prime: UInt64 = 0x0000_0100_0000_01b3
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
            let raw = UnsafeRawBufferPointer(bytes)
            var offset = 0
            while offset + 8 <= raw.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* prime
                hash ^= hash >> 29
                offset += 8
            }
            while offset < raw.count {
                hash = (hash ^ UInt64(raw[offset])) &* prime
                offset += 1
            }
            return hash ^ (hash >> 32)
        }
    }
}
