import Logging
import LooselyCoupled
import Testing

@Suite("DaemonConfig")
struct DaemonConfigTests {
    static let knownTypes: [String: Schema] = [
        "serial": Schema.object {
            Key("device", .string(nonEmpty: true), required: true)
            Key("baud", .int(range: 50...4_000_000), default: 9600)
            Key("parity", .choice(["none", "even", "odd"]), default: "none")
        },
        "timer": Schema.object {
            Key("every", .duration)
            Key("at", .list(of: .timeOfDay))
            Key("payload", .any, default: [:])
        },
        "gpio": Schema.object {
            Key(
                "outputs",
                .map(
                    of: .object {
                        Key("line", .oneOf(.int(range: 0...1023), .string), required: true)
                        Key("initial", .choice(["on", "off"]), default: "off")
                    }))
        },
    ]

    private func lines(_ yaml: String, file: String = "demo.yaml") -> [String] {
        errorLines { try DaemonConfig.parse(yaml, file: file, knownTypes: Self.knownTypes) }
    }

    @Test("a full config comes back typed, modules in file order with their marks")
    func fullConfig() throws {
        let yaml = """
            logging:
              level: debug
              format: json
            queue:
              capacity: 500
              overflow: drop_oldest
              shutdown_timeout: 2.5s
            state_dir: /tmp/lc-state
            modules:
              tick:
                type: timer
                every: 10s
                at: ["07:00"]
                payload: {greeting: hello, n: 2}
              door:
                type: serial
                device: /dev/ttyUSB0
                baud: 19200
                required: true
              leds:
                type: gpio
                enabled: off
                outputs:
                  porch: {line: 17, initial: on}
            """
        let config = try DaemonConfig.parse(yaml, file: "demo.yaml", knownTypes: Self.knownTypes)
        #expect(config.file == "demo.yaml")
        #expect(config.logging == DaemonConfig.Logging(level: .debug, format: .json))
        #expect(
            config.queue
                == DaemonConfig.Queue(capacity: 500, overflow: .dropOldest, shutdownTimeout: .milliseconds(2500)))
        #expect(config.stateDir == "/tmp/lc-state")
        #expect(
            config.modules == [
                DaemonConfig.ModuleEntry(
                    name: "tick", type: "timer", enabled: true, required: false,
                    config: ["every": 10.0, "at": [25_200], "payload": ["greeting": "hello", "n": 2]],
                    mark: Mark(line: 10, column: 3)),
                DaemonConfig.ModuleEntry(
                    name: "door", type: "serial", enabled: true, required: true,
                    config: ["device": "/dev/ttyUSB0", "baud": 19200, "parity": "none"],
                    mark: Mark(line: 15, column: 3)),
                DaemonConfig.ModuleEntry(
                    name: "leds", type: "gpio", enabled: false, required: false,
                    config: ["outputs": ["porch": ["line": 17, "initial": "on"]]],
                    mark: Mark(line: 20, column: 3)),
            ])
    }

    @Test("an empty file gives every default")
    func emptyFile() throws {
        let config = try DaemonConfig.parse("", file: "empty.yaml", knownTypes: [:])
        #expect(config == DaemonConfig(file: "empty.yaml"))
        #expect(config.logging.level == .info)
        #expect(config.logging.format == .text)
        #expect(config.queue == DaemonConfig.Queue(capacity: 10_000, overflow: .block, shutdownTimeout: .seconds(5)))
        #expect(config.stateDir == "/var/lib/looselycoupled")
        #expect(
            try DaemonConfig.parse("logging:\nmodules:\n", file: "t.yaml", knownTypes: [:])
                == DaemonConfig(file: "t.yaml"))
    }

    @Test("a YAML syntax error")
    func syntaxError() {
        #expect(
            lines("modules:\n  door: {type: serial\n") == [
                "demo.yaml:3:1: modules.door: did not find expected ',' or '}' (while parsing a flow mapping at line 2, column 9)"
            ])
    }

    @Test("an unknown key in a module, with the type's keys and the common ones listed")
    func unknownModuleKey() {
        #expect(
            lines("modules:\n  door:\n    type: serial\n    device: /dev/ttyS0\n    baudrate: 9600\n") == [
                "demo.yaml:5:5: modules.door.baudrate: unknown key 'baudrate' (expected one of: baud, device, enabled, parity, required, type)"
            ])
    }

    @Test("control characters quoted from the file are escaped: each problem stays one line and none can forge another")
    func controlCharactersAreEscaped() {
        let yaml = "modules:\n  \"door\\nx.yaml:9:9: fake\":\n    type: \"ser\\u001b[2Jial\"\n"
        let printed = lines(yaml)
        // Two problems (the module's name, its type), two lines, each the file's own.
        #expect(printed.count == 2)
        #expect(printed.allSatisfy { line in !line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
        #expect(printed.allSatisfy { $0.hasPrefix("demo.yaml:") })
        #expect(
            printed.first
                == #"demo.yaml:2:3: modules: invalid module name 'door\nx.yaml:9:9: fake': use letters, digits, '_' and '-', starting with a letter"#
        )
        #expect(
            printed.last?.hasSuffix(#"unknown module type 'ser\x1b[2Jial' (known types: gpio, serial, timer)"#) == true)
        // The whole description is one line too, however many problems there are.
        do {
            _ = try DaemonConfig.parse(yaml, file: "demo.yaml", knownTypes: Self.knownTypes)
        } catch {
            #expect(error.description.split(separator: "\n").count == error.errors.count)
        }
    }

    @Test("a duration too long to use is an error at its line and column, never dropped or replaced by the default")
    func longDurationsAreRefused() {
        // 9 200 000 000 s fits 64-bit nanoseconds (292 years) but no sum with an instant does.
        #expect(
            lines("queue:\n  shutdown_timeout: 9200000000s\n") == [
                #"demo.yaml:2:21: queue.shutdown_timeout: expected a duration of at most 100 years, got "9200000000s""#
            ])
        #expect(
            lines("modules:\n  t:\n    type: timer\n    every: 9200000000s\n    at: [\"07:00\"]\n") == [
                #"demo.yaml:4:12: modules.t.every: expected a duration of at most 100 years, got "9200000000s""#
            ])
        // A hundred years still go.
        #expect(lines("queue:\n  shutdown_timeout: 876000h\n").isEmpty)
    }

    @Test("an unknown top-level key")
    func unknownTopLevelKey() {
        #expect(
            lines("loging:\n  level: debug\n") == [
                "demo.yaml:1:1: loging: unknown key 'loging' (did you mean 'logging'? expected one of: logging, modules, queue, state_dir)"
            ])
    }

    @Test("a missing required key, at the module's mapping")
    func missingKey() {
        #expect(
            lines("modules:\n  door:\n    type: serial\n    baud: 9600\n") == [
                "demo.yaml:3:5: modules.door: missing required key 'device'"
            ])
        #expect(
            lines("modules:\n  door:\n    device: /dev/ttyS0\n") == [
                "demo.yaml:3:5: modules.door: missing required key 'type'"
            ])
    }

    @Test("a wrong type names what was expected and what was found")
    func wrongType() {
        let yaml = """
            queue:
              capacity: lots
            modules:
              door:
                type: serial
                device: /dev/ttyS0
                baud: fast
            """
        #expect(
            lines(yaml) == [
                "demo.yaml:2:13: queue.capacity: expected an integer, got \"lots\"",
                "demo.yaml:7:11: modules.door.baud: expected an integer, got \"fast\"",
            ])
    }

    @Test("bad values: out of range, not a choice")
    func badValue() {
        let yaml = """
            logging:
              level: verbose
            queue:
              capacity: 0
              overflow: drop
            """
        #expect(
            lines(yaml) == [
                "demo.yaml:2:10: logging.level: expected one of: trace, debug, info, notice, warning, error, critical; got \"verbose\"",
                "demo.yaml:4:13: queue.capacity: expected an integer of at least 1, got 0",
                "demo.yaml:5:13: queue.overflow: expected one of: block, drop_oldest; got \"drop\"",
            ])
    }

    @Test("a bad duration names the units")
    func badDuration() {
        #expect(
            lines("queue:\n  shutdown_timeout: 5\nmodules:\n  t: {type: timer, every: soon}\n") == [
                "demo.yaml:2:21: queue.shutdown_timeout: duration 5 has no unit: write e.g. 5s or 5ms (units: ns, us, ms, s, m, h)",
                "demo.yaml:4:27: modules.t.every: expected a duration such as 500ms, 1.5s, 2m or 1h, got \"soon\"",
            ])
    }

    @Test("an unknown module type lists the known types")
    func unknownModuleType() {
        #expect(
            lines("modules:\n  door:\n    type: serail\n    device: /dev/ttyS0\n") == [
                "demo.yaml:3:11: modules.door.type: unknown module type 'serail' (did you mean 'serial'? known types: gpio, serial, timer)"
            ])
    }

    @Test("a duplicate module name")
    func duplicateModule() {
        #expect(
            lines("modules:\n  t: {type: timer}\n  t: {type: timer}\n") == [
                "demo.yaml:3:3: modules.t: duplicate key 't' (first at line 2, column 3)"
            ])
    }

    @Test("module names must work in module.method")
    func badModuleName() {
        #expect(
            lines("modules:\n  front.door: {type: timer}\n  2nd: {type: timer}\n  ok_name-2: {type: timer}\n") == [
                "demo.yaml:2:3: modules: invalid module name 'front.door': use letters, digits, '_' and '-', starting with a letter",
                "demo.yaml:3:3: modules: invalid module name '2nd': use letters, digits, '_' and '-', starting with a letter",
            ])
    }

    @Test("off and on keep their meaning by key: strings in choices, booleans in enabled")
    func offOn() throws {
        let config = try DaemonConfig.parse(
            "modules:\n  leds:\n    type: gpio\n    enabled: on\n    outputs:\n      a: {line: GPIO17, initial: off}\n",
            file: "t.yaml", knownTypes: Self.knownTypes)
        #expect(config.modules.first?.enabled == true)
        #expect(config.modules.first?.config["outputs"]?["a"] == ["line": "GPIO17", "initial": "off"])
    }

    @Test("anchors and merge keys share settings between modules")
    func anchors() throws {
        let yaml = """
            modules:
              door: &serial
                type: serial
                device: /dev/ttyUSB0
                baud: 115200
              gate:
                <<: *serial
                device: /dev/ttyUSB1
            """
        let config = try DaemonConfig.parse(yaml, file: "t.yaml", knownTypes: Self.knownTypes)
        #expect(config.modules.map(\.name) == ["door", "gate"])
        #expect(config.modules.last?.config == ["device": "/dev/ttyUSB1", "baud": 115_200, "parity": "none"])
    }

    @Test("every problem in the file is reported at once, in file order")
    func multipleErrors() {
        let yaml = """
            logging:
              level: loud
            colour: red
            modules:
              door:
                type: serial
                baud: fast
              t:
                type: timer
                every: 5
              x:
                type: nope
            queue:
              capacity: -1
            """
        let errors = configErrors { try DaemonConfig.parse(yaml, file: "demo.yaml", knownTypes: Self.knownTypes) }
        #expect(
            errors.map(\.code) == [
                .badValue, .unknownKey, .missingKey, .wrongType, .badValue, .unknownModuleType, .badValue,
            ])
        #expect(
            ConfigErrors(errors).description == """
                demo.yaml:2:10: logging.level: expected one of: trace, debug, info, notice, warning, error, critical; got "loud"
                demo.yaml:3:1: colour: unknown key 'colour' (expected one of: logging, modules, queue, state_dir)
                demo.yaml:6:5: modules.door: missing required key 'device'
                demo.yaml:7:11: modules.door.baud: expected an integer, got "fast"
                demo.yaml:10:12: modules.t.every: duration 5 has no unit: write e.g. 5s or 5ms (units: ns, us, ms, s, m, h)
                demo.yaml:12:11: modules.x.type: unknown module type 'nope' (known types: gpio, serial, timer)
                demo.yaml:14:13: queue.capacity: expected an integer of at least 1, got -1
                """)
    }

    @Test("the document and the modules section must be mappings")
    func wrongShapes() {
        #expect(
            lines("- a\n- b\n") == [
                "demo.yaml:1:1: expected a mapping of logging, modules, queue and state_dir, got a list"
            ])
        #expect(
            lines("modules: [a]\n") == [
                "demo.yaml:1:10: modules: expected a mapping of module names to modules, got a list"
            ])
        #expect(
            lines("modules:\n  door:\n") == [
                "demo.yaml:2:8: modules.door: expected a mapping with the module's type and keys, got null"
            ])
    }

    @Test("load reads a file and names it as given")
    func loadFile() throws {
        let file = TemporaryFile(contents: "modules:\n  t:\n    type: timer\n    every: 1m\n")
        defer { file.remove() }
        let config = try DaemonConfig.load(path: file.path, knownTypes: Self.knownTypes)
        #expect(config.file == file.path)
        #expect(config.modules.first?.config["every"]?.durationValue == .seconds(60))
    }

    @Test("a file that cannot be read is reported with errno's text")
    func unreadableFile() {
        #expect(
            errorLines { try DaemonConfig.load(path: "/nonexistent/looselycoupled.yaml", knownTypes: [:]) } == [
                "/nonexistent/looselycoupled.yaml: cannot read: No such file or directory"
            ])
        #expect(
            errorLines { try DaemonConfig.load(path: "/tmp", knownTypes: [:]) } == ["/tmp: cannot read: Is a directory"]
        )
        let errors = configErrors { try DaemonConfig.load(path: "missing.yaml", knownTypes: [:]) }
        #expect(errors.first?.code == .unreadable)
        #expect(errors.first?.mark == nil)
    }

    @Test("invalid UTF-8 is an error at the offending byte")
    func invalidUTF8() {
        // A Swift String cannot hold invalid UTF-8, so the bytes come from a file.
        let file = TemporaryFile(bytes: Array("a: 1\nb: caf".utf8) + [0xFF] + Array("\n".utf8))
        defer { file.remove() }
        #expect(
            errorLines { try DaemonConfig.load(path: file.path, knownTypes: [:]) } == [
                "\(file.path):2:7: invalid leading UTF-8 octet (byte 0xFF)"
            ])
    }

    @Test("mangled configs give located errors, never a crash")
    func mangledConfigs() {
        let original = Array(
            """
            logging: {level: debug}
            queue:
              capacity: 5
            base: &b {type: serial, device: /dev/ttyS0}
            modules:
              door: *b
              gate:
                <<: *b
                baud: 19200
              tick: {type: timer, every: 1s, at: ["07:00"], payload: [1, 'x', ~]}
            """)
        let alphabet = Array(":-[]{}&*!|>'\"\n #<,?%@`\t\\x9")
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        var rejected = 0
        for _ in 0..<400 {
            var text = original
            for _ in 0...random(3) {
                let index = random(text.count)
                switch random(3) {
                case 0: text.remove(at: index)
                case 1: text.insert(alphabet[random(alphabet.count)], at: index)
                default: text[index] = alphabet[random(alphabet.count)]
                }
            }
            let errors = configErrors {
                try DaemonConfig.parse(String(text), file: "fuzz.yaml", knownTypes: Self.knownTypes)
            }
            if !errors.isEmpty { rejected += 1 }
            for error in errors {
                #expect(error.file == "fuzz.yaml")
                #expect((error.line ?? 0) >= 1 && (error.column ?? 0) >= 1, "\(error)")
                #expect(error.description.hasPrefix("fuzz.yaml:\(error.line ?? 0):\(error.column ?? 0): "))
            }
        }
        // Most mutations break something; the test means nothing if none do.
        #expect(rejected > 200, "only \(rejected) of 400 mangled configs were rejected")
    }
}
