import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@Suite("Value.Object: insertion order, code-point keys")
struct ValueObjectTests {
    /// The two spellings of "é": one precomposed code point, and "e" with a combining acute.
    /// Swift's `String ==` finds them equal; as JSON and YAML keys they are different keys.
    static let precomposed = "\u{E9}"
    static let decomposed = "e\u{301}"

    @Test("members come back in the order they were inserted, in literals, subscripts and JSON")
    func insertionOrder() throws {
        var object: Value.Object = ["zeta": 1, "alpha": 2]
        object["mid"] = 3
        object["alpha"] = 20  // a present key keeps its place
        #expect(Array(object.keys) == ["zeta", "alpha", "mid"])
        #expect(object.map(\.value) == [1, 20, 3])
        #expect(Value.object(object).json == #"{"zeta":1,"alpha":20,"mid":3}"#)
        let parsed = try Value(json: #"{"b":1,"a":2,"c":{"y":1,"x":2}}"#)
        #expect(parsed.json == #"{"b":1,"a":2,"c":{"y":1,"x":2}}"#)
    }

    @Test("keys that differ only by Unicode normalisation are two keys, and neither value is lost")
    func keysAreCodePoints() throws {
        #expect(Self.precomposed == Self.decomposed)  // what Swift's == says
        var object: Value.Object = [:]
        object[Self.precomposed] = 1
        object[Self.decomposed] = 2
        #expect(object.count == 2)
        #expect(object[Self.precomposed] == 1)
        #expect(object[Self.decomposed] == 2)
        let parsed = try Value(json: #"{"\u00e9": 1, "e\u0301": 2}"#)
        #expect(parsed.objectValue?.count == 2)
        #expect(parsed[Self.precomposed] == 1)
        #expect(parsed[Self.decomposed] == 2)
        #expect(try Value(json: parsed.json) == parsed)
        let literal: Value = [Self.precomposed: 1, Self.decomposed: 2]
        #expect(literal.objectValue?.count == 2)
        #expect(literal != [Self.precomposed: 1, Self.precomposed: 2] as Value)
    }

    @Test("of duplicate keys the last value wins, at the first one's position")
    func duplicates() throws {
        #expect(try Value(json: #"{"a":1,"b":2,"a":3}"#).json == #"{"a":3,"b":2}"#)
        let literal: Value = ["a": 1, "b": 2, "a": 3]
        #expect(literal.json == #"{"a":3,"b":2}"#)
        #expect(Value.Object([("x", 1), ("y", 2), ("x", 9)]).map(\.key) == ["x", "y"])
    }

    @Test("equality and hashing ignore order")
    func equalityIgnoresOrder() {
        let first: Value = ["a": 1, "b": ["c": true]]
        let second: Value = ["b": ["c": true], "a": 1]
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first != ["a": 1, "b": ["c": false]] as Value)
        #expect(first != ["a": 1] as Value)
        #expect(first != ["a": 1, "b": ["c": true], "d": nil] as Value)
        #expect(Set([first, second]).count == 1)
    }

    @Test("large objects stay correct past the hash index threshold: lookup, update, removal, order")
    func largeObjects() throws {
        let count = Value.Object.indexThreshold * 40
        var object = Value.Object()
        for i in 0..<count { object["k\(i)"] = .int(i) }
        #expect(object.count == count)
        for i in stride(from: 0, to: count, by: 7) { #expect(object["k\(i)"] == .int(i)) }
        #expect(object["missing"] == nil)
        object["k3"] = "three"
        #expect(object.index(forKey: "k3") == 3)
        #expect(object.removeValue(forKey: "k0") == 0)
        #expect(object.removeValue(forKey: "k0") == nil)
        #expect(object.first?.key == "k1")
        #expect(object["k3"] == "three")
        #expect(object["k\(count - 1)"] == .int(count - 1))
        // Shrinking below the threshold and growing again.
        for i in 1..<count - 2 { object["k\(i)"] = nil }
        #expect(Array(object.keys) == ["k\(count - 2)", "k\(count - 1)"])
        object[Self.precomposed] = 1
        object[Self.decomposed] = 2
        #expect(object.count == 4)
    }

    @Test("a copy is independent of the original, small or large")
    func copyOnWrite() {
        for size in [2, Value.Object.indexThreshold * 3] {
            var original = Value.Object()
            for i in 0..<size { original["k\(i)"] = .int(i) }
            var copy = original
            copy["k0"] = "changed"
            copy["new"] = true
            copy["k1"] = nil
            #expect(original["k0"] == 0)
            #expect(original["new"] == nil)
            #expect(original["k1"] == 1)
            #expect(original.count == size)
            #expect(copy.count == size)
        }
    }

    @Test("a parser fed a hundred thousand distinct keys stays linear")
    func manyKeysFromJSON() throws {
        let count = 100_000
        var text = "{"
        for i in 0..<count { text += (i > 0 ? "," : "") + "\"key\(i)\":\(i)" }
        text += "}"
        let value = try Value(json: text)
        #expect(value.objectValue?.count == count)
        #expect(value["key99999"] == .int(99_999))
        #expect(value.objectValue?.first?.key == "key0")
    }

    @Test("Codable keeps the declaration order of a struct's properties")
    func codableOrder() throws {
        struct Reading: Codable, Equatable {
            var sensor: String
            var celsius: Double
            var at: Int
        }
        let value = try Value(encoding: Reading(sensor: "bme280", celsius: 21.5, at: 7))
        #expect(value.json == #"{"sensor":"bme280","celsius":21.5,"at":7}"#)
        #expect(try value.decode(Reading.self) == Reading(sensor: "bme280", celsius: 21.5, at: 7))
        let object = try #require(value.objectValue)
        #expect(try Value(encoding: object) == value)
    }

    @Test("merge, mapValues and values keep order")
    func helpers() {
        var object: Value.Object = ["a": 1, "b": 2]
        object.merge(["b": 20, "c": 30])
        #expect(Value.object(object).json == #"{"a":1,"b":20,"c":30}"#)
        #expect(object.mapValues { .int(($0.intValue ?? 0) + 1) } == ["a": 2, "b": 21, "c": 31])
        #expect(Array(object.values) == [1, 20, 30])
        #expect(object.merging(["z": nil]).last?.key == "z")
    }
}
