extension Value {
    /// The members of a JSON object, in the order they were inserted.
    ///
    /// ```swift
    /// var payload: Value.Object = ["module": "panel", "input": "doorbell"]
    /// payload["count"] = 2             // appended: module, input, count
    /// payload["input"]?.stringValue     // "doorbell"
    /// for (key, value) in payload { … } // in insertion order
    /// ```
    ///
    /// Order is kept so that what a module writes reads back the same way in JSON, logs and API
    /// responses. Keys are sequences of Unicode code points, compared by their UTF-8 bytes and
    /// never by canonical equivalence: `"\u{E9}"` and `"e\u{301}"` are two keys, as JSON and YAML
    /// define them (Swift's `String ==` would merge them, and lose a value).
    ///
    /// Equality ignores order, as it does for JSON objects: `["a": 1, "b": 2] == ["b": 2, "a": 1]`.
    /// Setting a key that is present replaces its value in place; of duplicate keys in a literal
    /// or a sequence, the last wins.
    ///
    /// Arguments and payloads have a handful of keys, so an object is one array searched from the
    /// front, with no hashing; past ``indexThreshold`` members a hash index is kept beside it, so a
    /// large object from a client stays linear to build and constant to look up.
    public struct Object: Sendable {
        /// The members, in insertion order, with unique keys.
        private var members: [(String, Value)]
        /// Positions by key once there are more than ``indexThreshold`` members; `nil` below.
        private var index: KeyIndex?

        /// Past this many members, lookups go through a hash index instead of a linear search.
        public static let indexThreshold = 8

        /// An empty object.
        public init() {
            members = []
        }

        /// An empty object with room for `minimumCapacity` members.
        public init(minimumCapacity: Int) {
            members = []
            members.reserveCapacity(minimumCapacity)
        }

        /// The members of `pairs`, in their order; of duplicate keys the last value wins, at the
        /// position of the first.
        public init(_ pairs: some Sequence<(String, Value)>) {
            self.init()
            for (key, value) in pairs { self[key] = value }
        }

        /// Adopts `members` as they are when their keys are unique (a literal's usual case: no
        /// copy), and merges duplicates otherwise.
        init(adopting members: [(String, Value)]) {
            if members.count <= Self.indexThreshold, Self.keysAreUnique(members) {
                self.init(unique: members)
            } else {
                self.init(members)
            }
        }

        private init(unique members: [(String, Value)]) {
            self.members = members
        }

        /// Whether no two of a few members share a key; pairwise, which beats hashing for a few.
        private static func keysAreUnique(_ members: [(String, Value)]) -> Bool {
            guard members.count > 1 else { return true }
            for later in 1..<members.count {
                for earlier in 0..<later where members[earlier].0.hasSameCodePoints(as: members[later].0) {
                    return false
                }
            }
            return true
        }

        // MARK: Looking up

        /// The position of the member named `key`, or `nil`.
        public func index(forKey key: String) -> Int? {
            if let index { return index.position(of: key) }
            return members.withUnsafeBufferPointer { members in
                // A key written as a literal on both sides has the same representation: a first
                // pass that reads no characters finds it.
                let wanted = String.Representation(key)
                for position in members.indices where String.Representation(members[position].0) == wanted {
                    return position
                }
                for position in members.indices where members[position].0.hasSameCodePoints(as: key) {
                    return position
                }
                return nil
            }
        }

        /// The value of the member named `key`; setting `nil` removes the member, setting a new
        /// key appends it.
        public subscript(key: String) -> Value? {
            get {
                guard let position = index(forKey: key) else { return nil }
                return members[position].1
            }
            set {
                if let newValue {
                    updateValue(newValue, forKey: key)
                } else {
                    removeValue(forKey: key)
                }
            }
        }

        /// The keys, in order.
        public var keys: [String] { members.map(\.0) }

        /// The values, in the order of their keys.
        public var values: [Value] { members.map(\.1) }

        // MARK: Changing

        /// Sets the member named `key` to `value`, in place if it exists, else at the end.
        ///
        /// - Returns: The value it replaced, or `nil` for a new member.
        @discardableResult
        public mutating func updateValue(_ value: Value, forKey key: String) -> Value? {
            if let position = index(forKey: key) {
                let old = members[position].1
                members[position].1 = value
                return old
            }
            members.append((key, value))
            if index != nil {
                uniqueIndex().insert(key, at: members.count - 1)
            } else if members.count > Self.indexThreshold {
                index = KeyIndex(members)
            }
            return nil
        }

        /// Removes the member named `key`; the others keep their order.
        ///
        /// - Returns: Its value, or `nil` if there was none.
        @discardableResult
        public mutating func removeValue(forKey key: String) -> Value? {
            guard let position = index(forKey: key) else { return nil }
            let removed = members.remove(at: position).1
            index = members.count > Self.indexThreshold ? KeyIndex(members) : nil
            return removed
        }

        /// Sets every member of `other` here: present keys take `other`'s value in place, new ones
        /// are appended in `other`'s order.
        public mutating func merge(_ other: Object) {
            for (key, value) in other.members { updateValue(value, forKey: key) }
        }

        /// This object with every member of `other` set, as ``merge(_:)`` does.
        public func merging(_ other: Object) -> Object {
            var merged = self
            merged.merge(other)
            return merged
        }

        /// The same keys in the same order, each value transformed.
        public func mapValues(_ transform: (Value) throws -> Value) rethrows -> Object {
            var mapped = self
            for position in mapped.members.indices {
                mapped.members[position].1 = try transform(mapped.members[position].1)
            }
            return mapped
        }

        private mutating func uniqueIndex() -> KeyIndex {
            guard let current = index else {
                let built = KeyIndex(members)
                index = built
                return built
            }
            if isKnownUniquelyReferenced(&index) { return current }
            let copy = current.copy()
            index = copy
            return copy
        }
    }
}

extension Value.Object: RandomAccessCollection {
    /// A member: its key and value.
    public typealias Element = (key: String, value: Value)

    /// The first member's position: `0`.
    public var startIndex: Int { 0 }
    /// The position after the last member: the number of members.
    public var endIndex: Int { members.count }
    /// The number of members.
    public var count: Int { members.count }
    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The member at `position`, in insertion order.
    public subscript(position: Int) -> Element {
        let member = members[position]
        return (member.0, member.1)
    }
}

extension Value.Object: ExpressibleByDictionaryLiteral {
    /// The literal's members in the order written; of duplicate keys the last value wins.
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(adopting: elements)
    }
}

extension Value.Object: Hashable {
    /// Whether both have the same keys with equal values, in any order.
    public static func == (lhs: Value.Object, rhs: Value.Object) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (position, member) in lhs.members.enumerated() {
            // Members written in the same order, the common case, compare without a search.
            if position < rhs.members.count, rhs.members[position].0.hasSameCodePoints(as: member.0) {
                guard rhs.members[position].1 == member.1 else { return false }
                continue
            }
            guard let other = rhs[member.0], other == member.1 else { return false }
        }
        return true
    }

    /// Hashes the members so that order does not matter, as ``==(_:_:)`` requires.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (key, value) in members {
            var memberHasher = Hasher()
            memberHasher.combine(CodePointKey(key))
            memberHasher.combine(value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}

extension Value.Object: CustomStringConvertible {
    /// The object as compact JSON text, members in order.
    public var description: String { Value.object(self).json }
}
