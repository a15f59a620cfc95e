import LooselyCoupled
import LooselyCoupledTestKit
import Testing

private enum Mode: String, Codable, CaseIterable {
    case auto, manual
}

private struct Pin: Codable, Equatable {
    var line: Int
    var name: String?
    var activeLow: Bool
}

private struct ModuleConfig: Codable, Equatable {
    var type: String
    var mode: Mode
    var pins: [Pin]
    var groups: [String: [Int]]
    var threshold: Double
    var note: String?
    var extra: Value
    var matrix: [[UInt8]]
    var fallback: Mode?
}

@Suite struct ValueCodableTests {
    fileprivate static let config = ModuleConfig(
        type: "gpio",
        mode: .manual,
        pins: [Pin(line: 17, name: "doorbell", activeLow: true), Pin(line: 27, name: nil, activeLow: false)],
        groups: ["all": [17, 27], "none": []],
        threshold: 1,
        note: nil,
        extra: ["raw": [1, 2.0, nil]],
        matrix: [[1, 2], [255]],
        fallback: .auto
    )

    @Test func typedStructRoundTrips() throws {
        let value = try Value(encoding: Self.config)
        #expect(try value.decode(ModuleConfig.self) == Self.config)
        #expect(try value.decode() as ModuleConfig == Self.config)
    }

    @Test func typedStructEncodesToTheExpectedValue() throws {
        let value = try Value(encoding: Self.config)
        #expect(
            value == [
                "type": "gpio",
                "mode": "manual",
                "pins": [["line": 17, "name": "doorbell", "activeLow": true], ["line": 27, "activeLow": false]],
                "groups": ["all": [17, 27], "none": []],
                "threshold": 1.0,
                "extra": ["raw": [1, 2.0, nil]],
                "matrix": [[1, 2], [255]],
                "fallback": "auto",
            ])
    }

    @Test func typedStructRoundTripsThroughJSONText() throws {
        let text = try Value(encoding: Self.config).json
        #expect(try Value(json: text).decode(ModuleConfig.self) == Self.config)
    }

    @Test func decodesFromJSONWrittenByHand() throws {
        let text = """
            {"type": "gpio", "mode": "auto", "threshold": 2, "extra": {}, "matrix": [],
             "pins": [{"line": 4.0, "activeLow": false}], "groups": {}}
            """
        let config = try Value(json: text).decode(ModuleConfig.self)
        #expect(config.pins == [Pin(line: 4, name: nil, activeLow: false)])
        #expect(config.threshold == 2.0)
        #expect(config.note == nil)
        #expect(config.fallback == nil)
    }

    @Test func errorsInsideTypedStructsNameTheFullPath() {
        let bad: Value = [
            "type": "gpio", "mode": "auto", "threshold": 2, "extra": nil, "groups": [:],
            "pins": [["line": 4, "activeLow": false]], "matrix": [[1], [2, 300]],
        ]
        #expect(throws: ValueDecodingError.self) { try bad.decode(ModuleConfig.self) }
        do {
            _ = try bad.decode(ModuleConfig.self)
        } catch {
            #expect("\(error)" == "matrix[1][1]: 300 is out of range for UInt8 (0...255)")
        }
    }

    @Test func valueDecodesAsItselfWhateverItHolds() throws {
        let values: [Value] = [nil, true, 1, 2.0, "s", [1, [2.0]], ["k": ["n": nil]]]
        for value in values {
            #expect(try value.decode(Value.self) == value)
            #expect(try Value(encoding: value) == value)
            // The whole double stays a double through a struct that holds it.
            #expect(try Value(encoding: ["v": value]).decode([String: Value].self) == ["v": value])
        }
    }

    @Test func valueWorksWithDecodersThatAreNotValueDecoder() throws {
        let values: [Value] = [nil, true, -3, 2.5, "s", [1, "x", nil], ["k": [1], "j": [:]]]
        for value in values {
            #expect(try Value(from: ForwardingDecoder(value)) == value)
            #expect(try ForwardingEncoder.encode(value) == value)
        }
    }
}
