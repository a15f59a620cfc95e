extension Value.Object {
    /// The positions of a large object's members by key, kept beside the members so lookups
    /// and duplicate checks stay constant-time whatever a client sends.
    ///
    /// A class so that copying an object shares it; the object copies it before changing it
    /// (`isKnownUniquelyReferenced`). Its state is only mutated through a uniquely referenced
    /// instance, so sharing it between threads is safe.
    final class KeyIndex: @unchecked Sendable {
        private var positions: [CodePointKey: Int]

        init(_ members: [(String, Value)]) {
            positions = Dictionary(minimumCapacity: members.count)
            for (position, member) in members.enumerated() {
                positions[CodePointKey(member.0)] = position
            }
        }

        private init(positions: [CodePointKey: Int]) {
            self.positions = positions
        }

        func position(of key: String) -> Int? {
            positions[CodePointKey(key)]
        }

        func insert(_ key: String, at position: Int) {
            positions[CodePointKey(key)] = position
        }

        func copy() -> KeyIndex {
            KeyIndex(positions: positions)
        }
    }
}
