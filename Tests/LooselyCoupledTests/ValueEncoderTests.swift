import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@Suite struct ValueEncoderTests {
    @Test func integersBecomeIntsAndFloatsDoubles() throws {
        struct Numbers: Encodable {
            var i = -1
            var i8: Int8 = -128
            var i16: Int16 = 300
            var i32: Int32 = 70000
            var i64: Int64 = .min
            var u: UInt = 7
            var u8: UInt8 = 255
            var u16: UInt16 = 65535
            var u32: UInt32 = .max
            var u64: UInt64 = UInt64(Int.max)
            var d = 2.0
            var f: Float = 0.1
        }
        let value = try Value(encoding: Numbers())
        #expect(
            value == [
                "i": -1, "i8": -128, "i16": 300, "i32": 70000, "i64": .int(.min), "u": 7, "u8": 255, "u16": 65535,
                "u32": 4_294_967_295, "u64": .int(.max), "d": .double(2), "f": .double(0.1),
            ])
        #expect(value.json.contains(#""d":2.0"#))
        // Members in declaration order, so the float is last; written as 0.1, not 0.10000000149.
        #expect(value.json.hasSuffix(#""d":2.0,"f":0.1}"#))
    }

    @Test func uint64AboveIntMaxIsAnError() {
        struct Counter: Encodable {
            var total: UInt64
        }
        #expect(throws: EncodingError.self) { try Value(encoding: Counter(total: UInt64(Int.max) + 1)) }
        #expect(throws: EncodingError.self) { try Value(encoding: [UInt64.max]) }
        #expect(throws: EncodingError.self) { try Value(encoding: UInt.max) }
        do {
            _ = try Value(encoding: ["counter": Counter(total: .max)])
            Issue.record("encoding UInt64.max succeeded")
        } catch EncodingError.invalidValue(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["counter", "total"])
            #expect(context.debugDescription.contains("18446744073709551615"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func nilOptionalsAreLeftOutAndExplicitNilIsNull() throws {
        struct Reading: Encodable {
            var sensor: String
            var note: String?
            var previous: Double?
        }
        #expect(
            try Value(encoding: Reading(sensor: "bme280", note: nil, previous: 20)) == [
                "sensor": "bme280", "previous": 20.0,
            ])
        #expect(try Value(encoding: [1, nil, 3] as [Int?]) == [1, nil, 3])
        #expect(try Value(encoding: Int?.none) == .null)

        struct Explicit: Encodable {
            enum CodingKeys: CodingKey { case gone }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encodeNil(forKey: .gone)
            }
        }
        #expect(try Value(encoding: Explicit()) == ["gone": nil])
    }

    @Test func dictionariesAndCollections() throws {
        #expect(try Value(encoding: ["b": 2, "a": 1]) == ["a": 1, "b": 2])
        #expect(try Value(encoding: [1: "one"]) == ["1": "one"])
        #expect(try Value(encoding: Set(["x"])) == ["x"])
        #expect(try Value(encoding: [[1], []] as [[Int]]) == [[1], []])
        #expect(try Value(encoding: "plain") == "plain")
        #expect(try Value(encoding: true) == true)
    }

    @Test func valuesInsideTypesAreKeptAsTheyAre() throws {
        struct Event: Encodable {
            var name: String
            var payload: Value
        }
        let payload: Value = ["whole": 2.0, "list": [1, "x", nil]]
        let value = try Value(encoding: Event(name: "press", payload: payload))
        #expect(value == ["name": "press", "payload": payload])
        #expect(value["payload"]?["whole"] == .double(2))
    }

    @Test func nestedContainersAndSuperEncoders() throws {
        struct Custom: Encodable {
            enum Keys: String, CodingKey { case position, x, y, tags, parent, label }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                var position = container.nestedContainer(keyedBy: Keys.self, forKey: .position)
                var tags = container.nestedUnkeyedContainer(forKey: .tags)
                var parent = container.superEncoder(forKey: .parent).singleValueContainer()
                var base = container.superEncoder().container(keyedBy: Keys.self)
                // Nested containers may be written after their parent moved on.
                try position.encode(3, forKey: .x)
                try position.encode(4, forKey: .y)
                try tags.encode("a")
                var inner = tags.nestedContainer(keyedBy: Keys.self)
                var list = tags.nestedUnkeyedContainer()
                var superElement = tags.superEncoder().singleValueContainer()
                try inner.encode("in", forKey: .label)
                try list.encode(Int8(1))
                try list.encode(Float(1.5))
                try superElement.encode("super")
                try parent.encode("p")
                try base.encode(true, forKey: .label)
                #expect(tags.count == 4)
                #expect(list.codingPath.map(\.intValue) == [nil, 2])
            }
        }
        #expect(
            try Value(encoding: Custom()) == [
                "position": ["x": 3, "y": 4],
                "tags": ["a", ["label": "in"], [1, 1.5], "super"],
                "parent": "p",
                "super": ["label": true],
            ])
    }

    @Test func unusedNestedEncodersAreEmptyObjectsButAnEmptyTopLevelIsAnError() throws {
        struct Nothing: Encodable {
            func encode(to encoder: any Encoder) throws {}
        }
        struct Holder: Encodable {
            var nothing = Nothing()
        }
        #expect(try Value(encoding: Holder()) == ["nothing": [:]])
        #expect(throws: EncodingError.self) { try Value(encoding: Nothing()) }
    }

    @Test func userInfoReachesTheEncodedType() throws {
        struct Unit: Encodable {
            func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                try container.encode(encoder.userInfo.first { $0.key.rawValue == "unit" }?.value as? String ?? "none")
            }
        }
        var encoder = ValueEncoder()
        encoder.userInfo[try #require(CodingUserInfoKey(rawValue: "unit"))] = "celsius"
        #expect(try encoder.encode(["t": Unit()]) == ["t": "celsius"])
        #expect(try ValueEncoder().encode(Unit()) == "none")
    }
}
