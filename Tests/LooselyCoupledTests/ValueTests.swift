import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@Suite struct ValueTests {
    @Test func literalsBuildTheMatchingCases() {
        let value: Value = ["n": nil, "b": true, "i": 1, "d": 1.5, "s": "x", "a": [1], "o": ["k": 2]]
        #expect(
            value
                == .object([
                    "n": .null, "b": .bool(true), "i": .int(1), "d": .double(1.5), "s": .string("x"),
                    "a": .array([.int(1)]), "o": .object(["k": .int(2)]),
                ]))
    }

    @Test func accessorsConvertOnlyWhatIsSafe() {
        #expect(Value.int(3).intValue == 3)
        #expect(Value.double(3.0).intValue == 3)
        #expect(Value.double(3.5).intValue == nil)
        #expect(Value.double(1e30).intValue == nil)
        #expect(Value.int(3).doubleValue == 3.0)
        #expect(Value.string("3").intValue == nil)
        #expect(Value.bool(true).boolValue == true)
        #expect(Value.int(1).boolValue == nil)
        #expect(Value.string("s").stringValue == "s")
        #expect(Value.array([1]).arrayValue == [1])
        #expect(Value.object(["k": 1]).objectValue == ["k": 1])
        #expect(Value.null.isNull)
        #expect(!Value.int(0).isNull)
    }

    @Test func subscriptsReadAndWriteMembers() {
        var value: Value = ["pins": [17, 27]]
        #expect(value["pins"]?[1] == 27)
        #expect(value["pins"]?[2] == nil)
        #expect(value["pins"]?[-1] == nil)
        #expect(value["missing"] == nil)
        value["mode"] = "auto"
        value["pins"] = nil
        #expect(value == ["mode": "auto"])
        var notAnObject: Value = [1]
        notAnObject["k"] = 1
        #expect(notAnObject == [1])
    }

    @Test func kindNamesAreThoseErrorMessagesUse() {
        let values: [Value] = [nil, true, 1, 1.5, "s", [], [:]]
        #expect(values.map(\.kindName) == ["null", "bool", "int", "double", "string", "array", "object"])
    }

    @Test func intAndWholeDoubleAreDifferentValues() throws {
        // JSON text keeps the difference, so Value does too: 1 and 1.0 read back as written.
        #expect(Value.int(1) != Value.double(1))
        #expect(try Value(json: "[1,1.0]") == [.int(1), .double(1)])
    }
}
