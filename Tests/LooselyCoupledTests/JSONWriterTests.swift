import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@Suite struct JSONWriterTests {
    @Test func compactWithMembersInTheOrderWritten() {
        let value: Value = ["zeta": 1, "alpha": [true, false, nil], "mid": ["b": "x", "a": 2.5], "": []]
        #expect(value.json == #"{"zeta":1,"alpha":[true,false,null],"mid":{"b":"x","a":2.5},"":[]}"#)
    }

    @Test func objectsKeepInsertionOrderAtAnySize() {
        var first: Value.Object = [:]
        var second: Value.Object = [:]
        let keys = (0..<200).map { "key\($0)" }
        for key in keys { first[key] = .string(key) }
        for key in keys.reversed() { second[key] = .string(key) }
        #expect(Value.object(first).json.hasPrefix(#"{"key0":"key0","key1":"key1","key2":"key2","#))
        #expect(Value.object(second).json.hasPrefix(#"{"key199":"key199","key198":"key198","#))
        // Equal as objects, whatever the order.
        #expect(Value.object(first) == Value.object(second))
        #expect(Value.object(first).hashValue == Value.object(second).hashValue)
    }

    @Test func integers() {
        #expect(Value.int(0).json == "0")
        #expect(Value.int(-7).json == "-7")
        #expect(Value.int(.max).json == "9223372036854775807")
        #expect(Value.int(.min).json == "-9223372036854775808")
    }

    @Test func doublesReadBackAsTheSameDouble() throws {
        #expect(Value.double(2).json == "2.0")
        #expect(Value.double(-0.0).json == "-0.0")
        #expect(Value.double(0.1).json == "0.1")
        #expect(Value.double(1e20).json == "1e+20")
        #expect(Value.double(1e-7).json == "1e-07")
        for double in [
            2.0, 0.1, 1.0 / 3.0, 1e20, 1e-7, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0x1p63,
            123_456_789.125,
        ] {
            #expect(try Value(json: Value.double(double).json) == .double(double))
        }
    }

    @Test func nanAndInfinityBecomeNull() {
        let value: Value = [.double(.nan), .double(.infinity), .double(-.infinity)]
        #expect(value.json == "[null,null,null]")
    }

    @Test func stringEscapes() {
        #expect(Value.string("quote \" backslash \\ slash /").json == #""quote \" backslash \\ slash /""#)
        #expect(Value.string("\u{08}\u{0C}\n\r\t").json == #""\b\f\n\r\t""#)
        #expect(Value.string("\u{0}\u{1}\u{1F}\u{7F}").json == "\"\\u0000\\u0001\\u001f\u{7F}\"")
        #expect(Value.string("Grüße 🎉 €").json == "\"Grüße 🎉 €\"")
        #expect(Value.string("").json == #""""#)
    }

    @Test func keysAreEscapedToo() {
        let value: Value = ["a\"b\n": 1]
        #expect(value.json == #"{"a\"b\n":1}"#)
    }

    @Test func everyControlCharacterRoundTrips() throws {
        let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
        let text = Value.string(controls).json
        #expect(!text.utf8.contains { $0 < 0x20 })
        #expect(try Value(json: text) == .string(controls))
    }

    @Test func textRoundTripsThroughParseAndSerialize() throws {
        let texts = [
            #"{"args":{"count":3,"ratio":0.25,"tags":["a","b"]},"id":-12,"nested":[[[]],{}],"ok":true,"v":null}"#,
            #"[1,1.0,1.5,-0.0,"\u0000\"\\\n",{"é":"🎉"}]"#,
        ]
        for text in texts {
            #expect(try Value(json: text).json == text)
        }
    }

    @Test func valuesRoundTripThroughSerializeAndParse() throws {
        let value: Value = [
            "null": nil, "bool": true, "int": -42, "double": 2.0, "string": "line\nbreak \u{1} 🎉",
            "array": [1, 2.5, "three", [], [:], [nil]],
            "object": ["nested": ["deeper": [.int(.min), .int(.max), .double(1e300)]]],
        ]
        #expect(try Value(json: value.json) == value)
    }

    @Test func descriptionIsTheJSONText() {
        let value: Value = ["input": "doorbell", "count": 2, "long": false]
        #expect(value.description == #"{"input":"doorbell","count":2,"long":false}"#)
        #expect("\(value)" == value.json)
        #expect(Value.string("x").description == #""x""#)
    }
}
