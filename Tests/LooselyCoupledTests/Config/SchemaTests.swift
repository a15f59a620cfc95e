import LooselyCoupled
import Testing

@Suite("Schema")
struct SchemaTests {
    static let serial = Schema.object {
        Key("device", .string(nonEmpty: true), required: true)
        Key("baud", .int(range: 50...4_000_000), default: 9600)
        Key("parity", .choice(["none", "even", "odd"]), default: "none")
        Key("timeout", .duration, default: "1s")
        Key(
            "inputs",
            .map(
                of: .object {
                    Key("line", .oneOf(.int(range: 0...1023), .string), required: true)
                    Key("active_low", .bool, default: false)
                }))
        Key("payload", .any)
    }

    private func validate(_ schema: Schema, _ yaml: String) -> (Value?, [String]) {
        do {
            return (try schema.validate(yaml: yaml, file: "t.yaml"), [])
        } catch {
            return (nil, error.errors.map(\.description))
        }
    }

    @Test("defaults are filled in and values normalized")
    func defaults() throws {
        let value = try Self.serial.validate(yaml: "device: /dev/ttyUSB0\n", file: "t.yaml")
        #expect(value == ["device": "/dev/ttyUSB0", "baud": 9600, "parity": "none", "timeout": 1.0])
    }

    @Test("off and on are strings under string and choice keys, booleans under bool keys")
    func offOnBySchema() throws {
        let schema = Schema.object {
            Key("initial", .choice(["on", "off"]))
            Key("state", .string)
            Key("enabled", .bool)
            Key("restore", .bool)
            Key("answer", .string)
        }
        let value = try schema.validate(
            yaml: "initial: off\nstate: on\nenabled: off\nrestore: yes\nanswer: no\n", file: "t.yaml")
        #expect(value == ["initial": "off", "state": "on", "enabled": false, "restore": true, "answer": "no"])
    }

    @Test("a quoted boolean or number is a string, and the error says so")
    func quotedIsString() {
        let schema = Schema.object {
            Key("enabled", .bool)
            Key("baud", .int)
        }
        #expect(
            validate(schema, "enabled: \"true\"\nbaud: '9600'\n").1 == [
                "t.yaml:1:10: enabled: expected a boolean (true or false), got \"true\" (quoted, so a string)",
                "t.yaml:2:7: baud: expected an integer, got \"9600\" (quoted, so a string)",
            ])
    }

    @Test("integers: wrong type, out of range, too large, and the forms accepted")
    func integers() throws {
        let schema = Schema.object {
            Key("a", .int(range: 50...4_000_000))
            Key("b", .int(range: 50...4_000_000))
            Key("c", .int)
            Key("d", .int(range: 1...))
        }
        #expect(
            validate(schema, "a: fast\nb: 10\nc: 99999999999999999999\nd: 0\n").1 == [
                "t.yaml:1:4: a: expected an integer, got \"fast\"",
                "t.yaml:2:4: b: expected an integer in 50...4000000, got 10",
                "t.yaml:3:4: c: expected an integer, got 99999999999999999999 (too large)",
                "t.yaml:4:4: d: expected an integer of at least 1, got 0",
            ])
        let value = try schema.validate(yaml: "a: 0x40\nb: 10_000\nc: -0o17\nd: 0b101\n", file: "t.yaml")
        #expect(value == ["a": 64, "b": 10_000, "c": -15, "d": 5])
    }

    @Test("doubles take integers and decimals and check their range")
    func doubles() throws {
        let schema = Schema.object {
            Key("a", .double(range: 0...1))
            Key("b", .double)
        }
        #expect(try schema.validate(yaml: "a: 0.5\nb: 3\n", file: "t.yaml") == ["a": 0.5, "b": 3.0])
        #expect(
            validate(schema, "a: 1.5\nb: lots\n").1 == [
                "t.yaml:1:4: a: expected a number in 0.0...1.0, got 1.5",
                "t.yaml:2:4: b: expected a number, got \"lots\"",
            ])
    }

    @Test("a bad choice lists the choices")
    func choices() {
        #expect(
            validate(Self.serial, "device: x\nparity: fast\n").1 == [
                "t.yaml:2:9: parity: expected one of: none, even, odd; got \"fast\""
            ])
    }

    @Test("an empty string is an error for a non-empty string key")
    func nonEmptyString() {
        #expect(
            validate(Self.serial, "device: ''\n").1 == ["t.yaml:1:9: device: expected a non-empty string, got \"\""])
    }

    @Test("durations: units, fractions, compounds; a bare number names the units")
    func durations() throws {
        let schema = Schema.object { Key("t", .duration) }
        let cases: [(String, Double)] = [
            ("10ms", 0.01), ("1.5s", 1.5), ("2m", 120), ("1h", 3600), ("500us", 0.0005),
            ("250ns", 0.000_000_25), ("1h30m", 5400), ("5min", 300), ("1h5min", 3900), ("0", 0), ("\"2s\"", 2),
        ]
        for (text, seconds) in cases {
            #expect(try schema.validate(yaml: "t: \(text)\n", file: "t.yaml") == ["t": .double(seconds)], "\(text)")
        }
        #expect(Value.double(0.1).durationValue == .milliseconds(100))
        #expect(Value.double(1.5).durationValue == .milliseconds(1500))
        // Method arguments arrive as JSON strings in the same syntax.
        #expect(Value.string("250ms").durationValue == .milliseconds(250))
        #expect(Value.string("1m30s").durationValue == .seconds(90))
        #expect(Value.string("5").durationValue == nil)
        #expect(Value.string("fast").durationValue == nil)
        #expect(
            validate(schema, "t: 5\n").1 == [
                "t.yaml:1:4: t: duration 5 has no unit: write e.g. 5s or 5ms (units: ns, us, ms, s, m, h)"
            ])
        #expect(
            validate(schema, "t: fast\n").1 == [
                "t.yaml:1:4: t: expected a duration such as 500ms, 1.5s, 2m or 1h, got \"fast\""
            ])
        #expect(
            validate(schema, "t: 5 s\n").1 == [
                "t.yaml:1:4: t: expected a duration such as 500ms, 1.5s, 2m or 1h, got \"5 s\""
            ])
        #expect(validate(schema, "t: -1s\n").1.count == 1)
    }

    @Test("times of day become seconds since midnight")
    func timesOfDay() throws {
        let schema = Schema.object { Key("at", .list(of: .timeOfDay)) }
        #expect(
            try schema.validate(yaml: "at: [\"07:00\", 7:30, \"23:59:59\"]\n", file: "t.yaml") == [
                "at": [25_200, 27_000, 86_399]
            ])
        #expect(
            validate(schema, "at: [\"24:00\"]\n").1 == [
                "t.yaml:1:6: at[0]: expected a time of day as HH:MM or HH:MM:SS, from 00:00 to 23:59:59, got \"24:00\""
            ])
    }

    @Test("an unknown key lists the known keys")
    func unknownKey() {
        let schema = Schema.object {
            Key("device", .string)
            Key("baud", .int)
            Key("parity", .string)
        }
        #expect(
            validate(schema, "device: x\nbaudrate: 9600\n").1 == [
                "t.yaml:2:1: baudrate: unknown key 'baudrate' (expected one of: baud, device, parity)"
            ])
    }

    @Test("a missing required key is an error at its mapping")
    func missingKey() {
        #expect(
            validate(Self.serial, "inputs:\n  doorbell:\n    active_low: true\n").1 == [
                "t.yaml:1:1: missing required key 'device'",
                "t.yaml:3:5: inputs.doorbell: missing required key 'line'",
            ])
    }

    @Test("errors in nested maps and lists carry the whole key path")
    func nestedPaths() {
        let schema = Schema.object {
            Key(
                "rules",
                .list(
                    of: .object {
                        Key("when", .string, required: true)
                        Key("do", .list(of: .string))
                    }))
        }
        let yaml = """
            rules:
              - when: a
                do: [x]
              - when: b
              - when: c
                do: {call: x}
            """
        #expect(validate(schema, yaml).1 == ["t.yaml:6:9: rules[2].do: expected a list, got a mapping"])
    }

    @Test("oneOf takes the first alternative that fits and names them all otherwise")
    func oneOf() throws {
        let value = try Self.serial.validate(
            yaml: "device: x\ninputs:\n  doorbell: {line: 17}\n  bell: {line: GPIO27}\n", file: "t.yaml")
        #expect(
            value["inputs"] == [
                "doorbell": ["line": 17, "active_low": false], "bell": ["line": "GPIO27", "active_low": false],
            ])
        #expect(
            validate(Self.serial, "device: x\ninputs:\n  doorbell:\n    line: [1]\n").1 == [
                "t.yaml:4:11: inputs.doorbell.line: expected an integer in 0...1023 or a string, got a list"
            ])
    }

    @Test("free-form values follow the YAML 1.2 core schema; quoted stays a string")
    func anyValues() throws {
        let yaml = """
            payload:
              a: ~
              b:
              c: null
              d: true
              e: off
              f: 0x1F
              g: 0o17
              h: -12
              i: 1.5
              j: .inf
              k: "12"
              l: 1_000
              m: [1, two]
              n: 07:00
            """
        let value = try Self.serial.validate(yaml: "device: x\n" + yaml, file: "t.yaml")
        let payload = try #require(value["payload"]?.objectValue)
        #expect(payload["a"] == .null && payload["b"] == .null && payload["c"] == .null)
        #expect(payload["d"] == true)
        #expect(payload["e"] == "off")
        #expect(payload["f"] == 31 && payload["g"] == 15 && payload["h"] == -12)
        #expect(payload["i"] == 1.5 && payload["j"] == .double(.infinity))
        #expect(payload["k"] == "12" && payload["l"] == "1_000")
        #expect(payload["m"] == [1, "two"])
        #expect(payload["n"] == "07:00")
        let nan = try Schema.any.validate(yaml: ".nan", file: "t.yaml")
        #expect(nan.doubleValue?.isNaN == true)
    }

    @Test("a null optional key takes its default; a null required key is an error")
    func nullValues() throws {
        #expect(try Self.serial.validate(yaml: "device: x\nbaud:\n", file: "t.yaml")["baud"] == 9600)
        #expect(validate(Self.serial, "device: ~\n").1 == ["t.yaml:1:9: device: expected a non-empty string, got null"])
    }

    @Test("an unknown tag is an error")
    func unsupportedTag() {
        #expect(
            validate(Self.serial, "device: !secret x\n").1 == [
                "t.yaml:1:9: device: unsupported tag !secret (the config knows !!str, !!int, !!float, !!bool and !!null)"
            ])
    }

    @Test("every problem of a file is reported, in file order")
    func collectsAllErrors() {
        let yaml = """
            baud: fast
            parity: odd
            colour: blue
            timeout: 3
            inputs:
              bell: {line: 2000, active_low: maybe}
            """
        #expect(
            validate(Self.serial, yaml).1 == [
                "t.yaml:1:1: missing required key 'device'",
                "t.yaml:1:7: baud: expected an integer, got \"fast\"",
                "t.yaml:3:1: colour: unknown key 'colour' (expected one of: baud, device, inputs, parity, payload, timeout)",
                "t.yaml:4:10: timeout: duration 3 has no unit: write e.g. 3s or 3ms (units: ns, us, ms, s, m, h)",
                "t.yaml:6:16: inputs.bell.line: expected an integer in 0...1023, got 2000",
                "t.yaml:6:34: inputs.bell.active_low: expected a boolean (true or false), got \"maybe\"",
            ])
    }

    @Test("the builder takes if, for and shared key lists")
    func builder() {
        let shared = [Key("a", .int), Key("b", .int)]
        let withExtra = true
        let schema = Schema.object {
            shared
            if withExtra {
                Key("extra", .bool)
            }
            for name in ["x", "y"] {
                Key(name, .string)
            }
        }
        #expect(schema.keys?.map(\.name) == ["a", "b", "extra", "x", "y"])
        #expect(Schema.int.keys == nil)
    }
}
