import LooselyCoupled
import LooselyCoupledTestKit
import Testing

/// The error that parsing `text` throws, or `nil` if it parses.
private func parseError(_ text: String) -> JSONError? {
    do {
        _ = try Value(json: text)
        return nil
    } catch {
        return error
    }
}

@Suite struct JSONParserTests {
    @Test func literalsAndWhitespace() throws {
        #expect(try Value(json: "null") == .null)
        #expect(try Value(json: "true") == .bool(true))
        #expect(try Value(json: "false") == .bool(false))
        #expect(try Value(json: " \t\r\n[ 1 , {\n\"a\" :\tnull } ]\r\n ") == [1, ["a": nil]])
        #expect(try Value(json: "[]") == .array([]))
        #expect(try Value(json: "{}") == .object([:]))
        #expect(try Value(json: "[ ]") == .array([]))
        #expect(try Value(json: "{ }") == .object([:]))
    }

    @Test func integersThatFitIntAreInts() throws {
        #expect(try Value(json: "0") == .int(0))
        #expect(try Value(json: "-0") == .int(0))
        #expect(try Value(json: "42") == .int(42))
        #expect(try Value(json: "-17") == .int(-17))
        #expect(try Value(json: "9223372036854775807") == .int(.max))
        #expect(try Value(json: "-9223372036854775808") == .int(.min))
    }

    @Test func otherNumbersAreDoubles() throws {
        #expect(try Value(json: "1.0") == .double(1.0))
        #expect(try Value(json: "1e3") == .double(1000))
        #expect(try Value(json: "1E+3") == .double(1000))
        #expect(try Value(json: "25e-1") == .double(2.5))
        #expect(try Value(json: "-0.5") == .double(-0.5))
        #expect(try Value(json: "0.1") == .double(0.1))
        #expect(try Value(json: "1e-400") == .double(0))
        #expect(try Value(json: "9223372036854775808") == .double(0x1p63))
        #expect(try Value(json: "-9223372036854775809") == .double(-0x1p63))
        #expect(try Value(json: "123456789012345678901234567890") == .double(1.2345678901234568e29))
    }

    @Test func everyEscape() throws {
        let text = #""\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \u20AC \u0000""#
        #expect(try Value(json: text) == .string("\" \\ / \u{08} \u{0C} \n \r \t A é € \u{0}"))
    }

    @Test func escapesMixWithPlainTextAndRawUTF8() throws {
        #expect(try Value(json: #""Grüße\n aus Köln 🎉""#) == .string("Grüße\n aus Köln 🎉"))
        #expect(try Value(json: #""plain""#) == .string("plain"))
        #expect(try Value(json: #""""#) == .string(""))
    }

    @Test func surrogatePairsBecomeOneScalar() throws {
        #expect(try Value(json: #""\ud83c\udf89""#) == .string("🎉"))
        #expect(try Value(json: #""\uD834\uDD1E clef""#) == .string("𝄞 clef"))
    }

    @Test(arguments: [
        #""\ud83c""#,
        #""\ud83c x""#,
        #""\ud83c\n""#,
        #""\ud83c\u0041""#,
        #""\udf89""#,
        #""\udf89\ud83c""#,
    ])
    func loneSurrogatesAreRejected(text: String) {
        let error = parseError(text)
        #expect(error?.code == .invalidString)
        #expect(error?.description == "JSON: lone surrogate in \\u escape at 1:2")
    }

    @Test func duplicateKeysLastWins() throws {
        #expect(try Value(json: #"{"a": 1, "b": 2, "a": 3}"#) == ["a": 3, "b": 2])
    }

    @Test func parsesFromBytesOfAnyCollection() throws {
        let bytes = Array(#"{"led": [1, 2.5, "x"]}"#.utf8)
        let expected: Value = ["led": [1, 2.5, "x"]]
        #expect(try Value(json: bytes) == expected)
        #expect(try Value(json: bytes[...]) == expected)
        // A lazy map has no contiguous storage, so this takes the copying path.
        #expect(try Value(json: bytes.indices.lazy.map { bytes[$0] }) == expected)
    }

    @Test(
        arguments: [
            ("", "JSON: unexpected end of input, expected a value at 1:1", JSONError.Code.unexpectedEnd),
            ("   ", "JSON: unexpected end of input, expected a value at 1:4", .unexpectedEnd),
            ("[1, 2", "JSON: unexpected end of input, expected ',' or ']' at 1:6", .unexpectedEnd),
            (#"{"a": 1"#, "JSON: unexpected end of input, expected ',' or '}' at 1:8", .unexpectedEnd),
            (#"{"a""#, "JSON: unexpected end of input, expected ':' at 1:5", .unexpectedEnd),
            (#""abc"#, "JSON: unexpected end of input in the string that starts here at 1:1", .unexpectedEnd),
            ("[1 2]", "JSON: expected ',' or ']', found '2' at 1:4", .syntax),
            (#"{"door": 1 "baud": 2}"#, "JSON: expected ',' or '}', found '\"' at 1:12", .syntax),
            (#"{"a" 1}"#, "JSON: expected ':', found '1' at 1:6", .syntax),
            ("{a: 1}", "JSON: expected a string key, found 'a' at 1:2", .syntax),
            (#"{"a": 1,}"#, "JSON: expected a string key, found '}' at 1:9", .syntax),
            ("[1,]", "JSON: expected a value, found ']' at 1:4", .syntax),
            ("[,1]", "JSON: expected a value, found ',' at 1:2", .syntax),
            ("tru", "JSON: expected a value, found 't' at 1:1", .syntax),
            ("nul", "JSON: expected a value, found 'n' at 1:1", .syntax),
            ("True", "JSON: expected a value, found 'T' at 1:1", .syntax),
            ("'a'", "JSON: expected a value, found ''' at 1:1", .syntax),
            ("1 2", "JSON: unexpected '2' after the JSON value at 1:3", .syntax),
            ("{} x", "JSON: unexpected 'x' after the JSON value at 1:4", .syntax),
            ("null\u{0}", "JSON: unexpected byte 0x00 after the JSON value at 1:5", .syntax),
            ("[1]]", "JSON: unexpected ']' after the JSON value at 1:4", .syntax),
            ("\u{FEFF}1", "JSON: expected a value, found byte 0xEF at 1:1", .syntax),
            ("01", "JSON: leading zeros are not allowed at 1:1", .invalidNumber),
            ("-012", "JSON: leading zeros are not allowed at 1:1", .invalidNumber),
            ("[00]", "JSON: leading zeros are not allowed at 1:2", .invalidNumber),
            ("-", "JSON: unexpected end of input, expected a digit at 1:2", .unexpectedEnd),
            ("-a", "JSON: expected a digit, found 'a' at 1:2", .invalidNumber),
            ("+1", "JSON: expected a value, found '+' at 1:1", .syntax),
            (".5", "JSON: expected a value, found '.' at 1:1", .syntax),
            ("1.", "JSON: unexpected end of input, expected a digit after '.' at 1:3", .unexpectedEnd),
            ("1.e5", "JSON: expected a digit after '.', found 'e' at 1:3", .invalidNumber),
            ("1e", "JSON: unexpected end of input, expected a digit after the exponent at 1:3", .unexpectedEnd),
            ("1e+", "JSON: unexpected end of input, expected a digit after the exponent at 1:4", .unexpectedEnd),
            ("[1e+x]", "JSON: expected a digit after the exponent, found 'x' at 1:5", .invalidNumber),
            ("0x10", "JSON: unexpected 'x' after the JSON value at 1:2", .syntax),
            ("1e400", "JSON: number out of range at 1:1", .invalidNumber),
            ("-1e400", "JSON: number out of range at 1:1", .invalidNumber),
            ("NaN", "JSON: NaN and Infinity are not JSON numbers at 1:1", .invalidNumber),
            ("Infinity", "JSON: NaN and Infinity are not JSON numbers at 1:1", .invalidNumber),
            ("[-Infinity]", "JSON: NaN and Infinity are not JSON numbers at 1:2", .invalidNumber),
            (#""a\qb""#, "JSON: invalid escape '\\q' at 1:3", .invalidString),
            (#""\x41""#, "JSON: invalid escape '\\x' at 1:2", .invalidString),
            (#""\u12G4""#, "JSON: \\u must be followed by four hex digits at 1:2", .invalidString),
            (#""\u12""#, "JSON: \\u must be followed by four hex digits at 1:2", .invalidString),
            ("\"a\tb\"", "JSON: control character U+0009 must be escaped in a string at 1:3", .invalidString),
            ("\"line\nbreak\"", "JSON: control character U+000A must be escaped in a string at 1:6", .invalidString),
            ("\"x\\n\u{1F}\"", "JSON: control character U+001F must be escaped in a string at 1:5", .invalidString),
        ] as [(String, String, JSONError.Code)])
    func rejectsWhatRFC8259Rejects(text: String, message: String, code: JSONError.Code) {
        let error = parseError(text)
        #expect(error?.description == message)
        #expect(error?.code == code)
    }

    @Test func positionCountsLinesAndUnicodeScalars() {
        let error = parseError("{\n  \"naïve\": 1,\n  \"é\": [1 2]\n}")
        #expect(error?.line == 3)
        #expect(error?.column == 11)
        #expect(error?.offset == 28)
        #expect(error?.message == "expected ',' or ']', found '2'")
        #expect(error?.description == "JSON: expected ',' or ']', found '2' at 3:11")
    }

    @Test func invalidUTF8IsRejected() {
        for bytes: [UInt8] in [
            [0x22, 0xC3, 0x28, 0x22],  // a lead byte with no continuation
            [0x22, 0x80, 0x22],  // a lone continuation byte
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // a surrogate encoded in UTF-8
            [0x22, 0xC0, 0xAF, 0x22],  // an overlong '/'
            [0x22, 0x5C, 0x6E, 0xFF, 0x22],  // after an escape
        ] {
            #expect(throws: JSONError.self) { try Value(json: bytes) }
        }
        let error = #expect(throws: JSONError.self) { try Value(json: [0x5B, 0x22, 0xFF, 0x22, 0x5D] as [UInt8]) }
        #expect(error?.description == "JSON: invalid UTF-8 in string at 1:3")
    }

    @Test func nestingUpTo512LevelsIsAccepted() throws {
        var value = try Value(json: String(repeating: "[", count: 512) + String(repeating: "]", count: 512))
        var depth = 0
        while case .array(let elements) = value {
            depth += 1
            value = elements.first ?? .null
        }
        #expect(depth == 512)
        // What the parser accepts, the writer and the decoder handle too, on a test thread's stack.
        let deepest = try Value(json: String(repeating: "[", count: 512) + String(repeating: "]", count: 512))
        #expect(deepest.json.utf8.count == 1024)
        #expect(try deepest.decode(Value.self) == deepest)
        let objects = String(repeating: #"{"a":"#, count: 511) + "{}" + String(repeating: "}", count: 511)
        #expect(throws: Never.self) { try Value(json: objects) }
    }

    @Test func nestingDeeperThan512LevelsIsRejected() {
        let arrays = parseError(String(repeating: "[", count: 513) + String(repeating: "]", count: 513))
        #expect(arrays?.code == .tooDeep)
        #expect(arrays?.description == "JSON: arrays and objects nested more than 512 levels deep at 1:513")
        let objects = parseError(String(repeating: #"{"a":"#, count: 513))
        #expect(objects?.code == .tooDeep)
    }

    @Test func hostileNestingFailsWithoutExhaustingTheStack() {
        // A recursive parser would overflow its stack long before a million levels.
        let error = parseError(String(repeating: "[", count: 1_000_000))
        #expect(error?.code == .tooDeep)
        let mixed = parseError(String(repeating: #"[{"k":"#, count: 500_000))
        #expect(mixed?.code == .tooDeep)
    }
}
