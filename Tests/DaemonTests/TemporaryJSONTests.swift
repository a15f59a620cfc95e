import LooselyCoupled
import Testing

@testable import looselycoupled

@Suite("TemporaryJSON")
struct TemporaryJSONTests {
    @Test("parses every kind of value and renders it back compact with sorted keys")
    func roundTrip() throws {
        let text = #"{"b": [1, -2.5, 1e3, true, false, null], "a": "x\"\\\/\n\u00e9\ud83d\ude00", "c": {}}"#
        let value = try parseJSON(text)
        #expect(value == ["a": "x\"\\/\né😀", "b": [1, -2.5, 1000.0, true, false, nil], "c": [:]])
        #expect(renderJSON(value) == #"{"a":"x\"\\/\né😀","b":[1,-2.5,1000.0,true,false,null],"c":{}}"#)
        #expect(try parseJSON(renderJSON(value)) == value)
        #expect(renderJSON(.string("\u{01}\t")) == #""\u0001\t""#)
        #expect(renderJSON(.double(.infinity)) == "null")
    }

    @Test("rejects what is not strict JSON", arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\u{01}\"", "\"\\ud800\"", "tru", "{} x", "'a'", "NaN", "1e400",
    ])
    func rejects(_ text: String) {
        #expect(throws: TemporaryJSONError.self) { try parseJSON(text) }
    }

    @Test("deep nesting is an error, not a crash")
    func deepNesting() {
        #expect(throws: TemporaryJSONError.self) { try parseJSON(String(repeating: "[", count: 100_000)) }
        #expect((try? parseJSON(String(repeating: "[", count: 500) + String(repeating: "]", count: 500))) != nil)
    }

    @Test("integers stay integers; too large ones become doubles")
    func numbers() throws {
        #expect(try parseJSON("9223372036854775807") == .int(.max))
        #expect(try parseJSON("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parseJSON("-0") == .int(0))
    }
}
