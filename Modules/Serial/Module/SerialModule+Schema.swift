public import LooselyCoupled

extension SerialModule {
    /// The keys of a `serial` module: the device and backend, line settings, framing and
    /// encoding, reconnection, and the simulated device's replies.
    ///
    /// ```yaml
    /// meter:
    ///   type: serial
    ///   device: /dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0
    ///   baud: 9600
    ///   framing: {delimiter: "\r\n"}
    ///   reconnect: {initial: 1s, max: 30s}
    /// ```
    public static let schema = Schema.object {
        Key(
            "device", .string(nonEmpty: true), required: true,
            help: "the port: /dev/ttyUSB0, /dev/ttyAMA0, or better a /dev/serial/by-id/ link, followed at each open")
        Key(
            "backend", .choice(["hardware", "simulated"]), default: "hardware",
            help: "termios, or a scripted device in the process (--simulate forces simulated)")
        Key(
            "baud", .int(range: 50...4_000_000), default: 9600,
            help: "bits per second: one of the rates Linux offers, 50 to 4000000")
        Key("data_bits", .int(range: 5...8), default: 8, help: "bits per character: 5, 6, 7 or 8")
        Key(
            "parity", .choice(SerialSettings.Parity.allCases.map(\.rawValue)), default: "none",
            help: "none, even or odd")
        Key("stop_bits", .int(range: 1...2), default: 1, help: "1 or 2")
        Key(
            "flow_control", .choice(SerialSettings.FlowControl.allCases.map(\.rawValue)), default: "none",
            help: "none, rtscts (hardware) or xonxoff (software)")
        Key(
            "framing",
            .object {
                Key(
                    "delimiter", .oneOf(.string(nonEmpty: true), .list(of: .int(range: 0...255))),
                    help: "a frame ends with these bytes: text (\"\\r\\n\") or byte values ([16, 3])")
                Key("length", .int(range: 1...1_048_576), help: "every frame is this many bytes")
                Key("idle_gap", .duration, help: "a frame ends when no byte arrived for this long")
            }, default: ["delimiter": "\r\n"],
            help: "how received bytes are cut into frames: exactly one of delimiter, length or idle_gap")
        Key(
            "encoding", .choice(FrameEncoding.allCases.map(\.rawValue)), default: "text",
            help: "how frame data is written in events and methods: text (UTF-8), hex or base64")
        Key(
            "max_frame", .int(range: 1...1_048_576), default: 4096,
            help: "the longest frame in bytes; longer input is cut there, counted and logged")
        Key(
            "reconnect",
            .object {
                Key(
                    "initial", .duration, default: "1s", help: "the wait before the first attempt to reopen a lost port"
                )
                Key(
                    "max", .duration, default: "30s",
                    help: "the longest wait between attempts (the wait doubles up to this)")
            }, default: [:], help: "reopening the port after it was lost (unplugged)")
        Key(
            "exclusive", .bool, default: true,
            help: "TIOCEXCL: no other process may open the port while the daemon has it (root still can)")
        Key("silence_timeout", .duration, help: "serial_silent when nothing arrived for this long (not given: never)")
        Key(
            "simulate",
            .object {
                Key(
                    "replies", .map(of: .string), default: [:],
                    help: "what the simulated device answers to each message it receives, in the module's encoding")
            }, default: [:], help: "the simulated backend's scripted device")
    }

    /// What a `framing:` needs, for the error when it has none or several of its keys.
    static let framingProblem = "framing needs exactly one of delimiter (\"\\r\\n\"), length (16) or idle_gap (50ms)"

    /// What the schema cannot say: a rate Linux offers, exactly one framing, a length within
    /// `max_frame`, positive durations, replies that are valid in the encoding. Paths are
    /// relative to the module.
    public static func problems(in config: Value) -> [(path: ConfigPath, message: String)] {
        var found: [(path: ConfigPath, message: String)] = []
        if let baud = config["baud"]?.intValue, BaudRate.speed(of: baud) == nil {
            let near = BaudRate.neighbours(of: baud).map(String.init).joined(separator: " or ")
            found.append(
                (
                    ConfigPath([.key("baud")]),
                    "Linux has no rate \(baud) (did you mean \(near)?); the rates are \(BaudRate.rates.map(String.init).joined(separator: ", "))"
                ))
        }
        let framing = config["framing"] ?? [:]
        let given = ["delimiter", "length", "idle_gap"].filter { framing[$0].map { !$0.isNull } ?? false }
        if given.count != 1 {
            found.append(
                (
                    ConfigPath([.key("framing")]),
                    framingProblem + (given.isEmpty ? "" : "; it has \(given.joined(separator: " and "))")
                ))
        }
        if framing["delimiter"]?.arrayValue?.isEmpty == true {
            found.append((ConfigPath([.key("framing"), .key("delimiter")]), "expected at least one byte"))
        }
        if let length = framing["length"]?.intValue, let maxFrame = config["max_frame"]?.intValue, length > maxFrame {
            found.append(
                (
                    ConfigPath([.key("framing"), .key("length")]),
                    "a frame of \(length) bytes is longer than max_frame (\(maxFrame)); raise max_frame"
                ))
        }
        let durations: [(ConfigPath, Value?)] = [
            (ConfigPath([.key("framing"), .key("idle_gap")]), framing["idle_gap"]),
            (ConfigPath([.key("reconnect"), .key("initial")]), config["reconnect"]?["initial"]),
            (ConfigPath([.key("silence_timeout")]), config["silence_timeout"]),
        ]
        for (path, value) in durations {
            if let value, !value.isNull, (value.durationValue ?? .zero) <= .zero {
                found.append((path, "expected a positive duration"))
            }
        }
        if let initial = config["reconnect"]?["initial"]?.durationValue,
            let maximum = config["reconnect"]?["max"]?.durationValue, maximum < initial
        {
            found.append(
                (ConfigPath([.key("reconnect"), .key("max")]), "max (\(maximum)) is shorter than initial (\(initial))"))
        }
        if let encoding = config["encoding"]?.stringValue.flatMap(FrameEncoding.init(rawValue:)),
            case .object(let replies)? = config["simulate"]?["replies"]
        {
            for (message, reply) in replies {
                let path = ConfigPath([.key("simulate"), .key("replies"), .key(message)])
                if case .failure(let error) = Result(catching: { () throws(FrameEncodingError) in
                    try encoding.decode(message)
                }) {
                    found.append((path, "the message \(error)"))
                }
                if let text = reply.stringValue,
                    case .failure(let error) = Result(catching: { () throws(FrameEncodingError) in
                        try encoding.decode(text)
                    })
                {
                    found.append((path, "the reply \(error)"))
                }
            }
        }
        return found.sorted { $0.path.description < $1.path.description }
    }
}
