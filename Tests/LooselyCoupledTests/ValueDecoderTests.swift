import LooselyCoupled
import LooselyCoupledTestKit
import Testing

/// The description of the error that decoding `value` as `T` throws, or `nil` if it decodes.
private func decodingError<T: Decodable>(_ type: T.Type, from value: Value) -> ValueDecodingError? {
    do {
        _ = try value.decode(type)
        return nil
    } catch let error as ValueDecodingError {
        return error
    } catch {
        Issue.record("expected a ValueDecodingError, got \(error)")
        return nil
    }
}

private struct Numbers: Decodable, Equatable {
    var i: Int
    var i8: Int8?
    var u16: UInt16?
    var u64: UInt64?
    var d: Double?
    var f: Float?
}

private struct Serial: Decodable, Equatable {
    var device: String
    var baud: Int
}

private struct Config: Decodable, Equatable {
    var door: Serial
}

private struct Item: Decodable, Equatable {
    var name: String
}

private struct Items: Decodable, Equatable {
    var items: [Item]
}

private enum Speed: String, Decodable, CaseIterable {
    case slow, fast
}

private enum Level: Int, Decodable {
    case low = 1, high = 2
}

@Suite struct ValueDecoderTests {
    @Test func numbersConvertSensibly() throws {
        let decoded = try (["i": 3.0, "i8": -128, "u16": 65535, "u64": 1e19, "d": 2, "f": 0.1] as Value).decode(
            Numbers.self)
        #expect(decoded == Numbers(i: 3, i8: -128, u16: 65535, u64: 10_000_000_000_000_000_000, d: 2.0, f: 0.1))
    }

    @Test func wrongKindNamesPathExpectationAndValue() {
        #expect(decodingError(Numbers.self, from: ["i": "x"])?.description == #"i: expected int, got string "x""#)
        #expect(decodingError(Numbers.self, from: ["i": 1.5])?.description == "i: expected int, got double 1.5")
        #expect(decodingError(Numbers.self, from: ["i": true])?.description == "i: expected int, got bool true")
        #expect(decodingError(Numbers.self, from: ["i": [1, 2]])?.description == "i: expected int, got array of 2")
        #expect(
            decodingError(Numbers.self, from: ["i": 1, "d": "1.5"])?.description
                == #"d: expected number, got string "1.5""#)
        #expect(
            decodingError(Serial.self, from: ["device": 5, "baud": 1])?.description
                == "device: expected string, got int 5")
        #expect(decodingError(Serial.self, from: [1, 2])?.description == "expected object, got array of 2")
        #expect(
            decodingError(Items.self, from: ["items": ["a": 1]])?.description == "items: expected array, got object")
        #expect(decodingError(Numbers.self, from: ["i": "x"])?.code == .typeMismatch)
    }

    @Test func longStringsAreShortenedInMessages() {
        let long = String(repeating: "a", count: 100)
        let error = decodingError(Int.self, from: .string(long))
        #expect(error?.description == #"expected int, got string ""# + String(repeating: "a", count: 40) + #""…"#)
    }

    @Test func integerOverflowNamesTheRange() {
        let i8 = decodingError(Numbers.self, from: ["i": 0, "i8": 200])
        #expect(i8?.description == "i8: 200 is out of range for Int8 (-128...127)")
        #expect(i8?.code == .outOfRange)
        #expect(
            decodingError(Numbers.self, from: ["i": 0, "u16": -1])?.description
                == "u16: -1 is out of range for UInt16 (0...65535)")
        #expect(
            decodingError(Numbers.self, from: ["i": 0, "u16": 70000.0])?.description
                == "u16: 70000.0 is out of range for UInt16 (0...65535)")
        #expect(
            decodingError(Numbers.self, from: ["i": 1e19])?.description
                == "i: 1e+19 is out of range for Int (-9223372036854775808...9223372036854775807)"
        )
        #expect(
            decodingError(Numbers.self, from: ["i": 0, "f": 1e300])?.description
                == "f: 1e+300 is out of range for Float")
        #expect(decodingError(UInt8.self, from: 256)?.description == "256 is out of range for UInt8 (0...255)")
    }

    @Test func missingKeyNamesItsPath() {
        let error = decodingError(Config.self, from: ["door": ["device": "/dev/ttyUSB0"]])
        #expect(error?.description == "door.baud: missing key")
        #expect(error?.path == "door.baud")
        #expect(error?.problem == "missing key")
        #expect(error?.code == .missing)
    }

    @Test func arrayElementsAppearAsIndices() {
        let error = decodingError(Items.self, from: ["items": [["name": "a"], ["name": "b"], ["name": nil]]])
        #expect(error?.description == "items[2].name: expected string, got null")
        let nested = decodingError([[Int]].self, from: [[1], [2, "x"]])
        #expect(nested?.description == #"[1][1]: expected int, got string "x""#)
    }

    @Test func keysThatWouldReadAmbiguouslyAreQuoted() {
        let error = decodingError([String: Serial].self, from: ["my.door": ["device": "d"]])
        #expect(error?.description == #"["my.door"].baud: missing key"#)
        let spaced = decodingError([String: [String: Int]].self, from: ["a": ["b c": "x"]])
        #expect(spaced?.description == #"a["b c"]: expected int, got string "x""#)
    }

    @Test func optionalsAcceptMissingKeysAndNull() throws {
        struct Options: Decodable, Equatable {
            var name: String?
            var count: Int?
        }
        #expect(try ([:] as Value).decode(Options.self) == Options(name: nil, count: nil))
        #expect(try (["name": nil, "count": nil] as Value).decode(Options.self) == Options(name: nil, count: nil))
        #expect(try (["name": "x", "count": 2] as Value).decode(Options.self) == Options(name: "x", count: 2))
        #expect(
            decodingError(Options.self, from: ["count": "2"])?.description == #"count: expected int, got string "2""#)
        #expect(try Value.null.decode(Int?.self) == nil)
        #expect(try ([1, nil, 3] as Value).decode([Int?].self) == [1, nil, 3])
    }

    @Test func enumsWithRawValues() throws {
        #expect(try ("fast" as Value).decode(Speed.self) == .fast)
        #expect(try (["a": "slow"] as Value).decode([String: Speed].self) == ["a": .slow])
        #expect(try (2 as Value).decode(Level.self) == .high)
        let unknown = decodingError([String: Speed].self, from: ["speed": "medium"])
        #expect(unknown?.description == #"speed: expected one of "slow", "fast", got string "medium""#)
        #expect(unknown?.code == .invalidValue)
        let wrongKind = decodingError([String: Speed].self, from: ["speed": 1])
        #expect(wrongKind?.description == "speed: expected string, got int 1")
        // Without CaseIterable the standard library's message is kept, with the path.
        let level = decodingError([Level].self, from: [1, 5])
        #expect(level?.path == "[1]")
        #expect(level?.problem.contains("Level") == true)
        #expect(level?.code == .invalidValue)
    }

    @Test func validationInInitFromDecoderKeepsThePath() {
        struct Baud: Decodable {
            var rate: Int
            enum CodingKeys: String, CodingKey { case rate }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                rate = try container.decode(Int.self, forKey: .rate)
                guard [9600, 19200, 115_200].contains(rate) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .rate, in: container, debugDescription: "must be 9600, 19200 or 115200")
                }
            }
        }
        let error = decodingError([String: Baud].self, from: ["door": ["rate": 1234]])
        #expect(error?.description == "door.rate: must be 9600, 19200 or 115200")
        #expect(error?.code == .invalidValue)
    }

    @Test func otherErrorsFromInitFromDecoderPassThrough() {
        struct Refusal: Error, Equatable {}
        struct Refuses: Decodable {
            init(from decoder: any Decoder) throws { throw Refusal() }
        }
        #expect(throws: Refusal()) { try Value.null.decode(Refuses.self) }
    }

    @Test func unkeyedContainersReportMissingElements() {
        struct Pair: Decodable {
            var first: Int
            var second: Int
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                first = try container.decode(Int.self)
                second = try container.decode(Int.self)
            }
        }
        let error = decodingError([String: Pair].self, from: ["pins": [17]])
        #expect(error?.description == "pins[1]: missing element: the array has only 1")
        #expect(error?.code == .missing)
    }

    @Test func failedUnkeyedDecodeDoesNotAdvance() throws {
        struct Lenient: Decodable, Equatable {
            var values: [String] = []
            init(values: [String]) { self.values = values }
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                while !container.isAtEnd {
                    if try container.decodeNil() {
                        values.append("nil")
                    } else if let int = try? container.decode(Int.self) {
                        values.append("int \(int)")
                    } else {
                        values.append("string " + (try container.decode(String.self)))
                    }
                }
                #expect(container.count == 3)
                #expect(container.currentIndex == 3)
            }
        }
        #expect(try ([1, "a", nil] as Value).decode(Lenient.self) == Lenient(values: ["int 1", "string a", "nil"]))
    }

    @Test func nestedContainersAndSuperDecoders() throws {
        struct Base: Decodable {
            var id: Int
        }
        struct Derived: Decodable {
            var base: Base
            var baseByKey: Base
            var location: (Int, Int)
            var label: String
            var tags: [String]
            enum Keys: String, CodingKey { case parent, position, x, y, meta, label, tags }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                base = try Base(from: container.superDecoder())
                baseByKey = try Base(from: container.superDecoder(forKey: .parent))
                let position = try container.nestedContainer(keyedBy: Keys.self, forKey: .position)
                location = (try position.decode(Int.self, forKey: .x), try position.decode(Int.self, forKey: .y))
                var meta = try container.nestedUnkeyedContainer(forKey: .meta)
                let first = try meta.nestedContainer(keyedBy: Keys.self)
                label = try first.decode(String.self, forKey: .label)
                var list = try meta.nestedUnkeyedContainer()
                tags = [try list.decode(String.self)]
                tags.append(try Base(from: meta.superDecoder()).id.description)
                #expect(meta.isAtEnd)
            }
        }
        let value: Value = [
            "super": ["id": 1], "parent": ["id": 2], "position": ["x": 3, "y": 4],
            "meta": [["label": "l"], ["t"], ["id": 5]],
        ]
        let derived = try value.decode(Derived.self)
        #expect(derived.base.id == 1)
        #expect(derived.baseByKey.id == 2)
        #expect(derived.location == (3, 4))
        #expect(derived.label == "l")
        #expect(derived.tags == ["t", "5"])

        let error = decodingError(Derived.self, from: ["super": ["id": 1], "parent": ["id": 2], "position": ["x": 3]])
        #expect(error?.description == "position.y: missing key")
        let superMissing = decodingError(Derived.self, from: ["parent": ["id": 2]])
        #expect(superMissing?.description == "super: expected object, got null")
    }

    @Test func dictionariesAndAllKeys() throws {
        #expect(try (["a": 1, "b": 2] as Value).decode([String: Int].self) == ["a": 1, "b": 2])
        #expect(try (["1": "one", "2": "two"] as Value).decode([Int: String].self) == [1: "one", 2: "two"])
        #expect(try ([:] as Value).decode([String: Int].self) == [:])
    }

    @Test func userInfoReachesTheDecodedType() throws {
        let key = try #require(CodingUserInfoKey(rawValue: "unit"))
        struct Reading: Decodable {
            var unit: String
            init(from decoder: any Decoder) throws {
                unit = decoder.userInfo.first { $0.key.rawValue == "unit" }?.value as? String ?? "none"
            }
        }
        var decoder = ValueDecoder()
        decoder.userInfo[key] = "celsius"
        #expect(try decoder.decode([Reading].self, from: [nil]).first?.unit == "celsius")
    }
}
