import LooselyCoupled

/// A `serial` module's config, decoded from the value the schema validated and filled with its
/// defaults (``SerialModule/schema`` is the one place they are written).
struct SerialConfiguration: Decodable, Sendable {
    enum Backend: String, Decodable, Sendable {
        case hardware
        case simulated
    }

    struct Reconnect: Decodable, Sendable {
        var initial: ConfigDuration
        var max: ConfigDuration
    }

    struct Simulate: Decodable, Sendable {
        var replies: [String: String]
    }

    var device: String
    var backend: Backend
    var baud: Int
    var dataBits: Int
    var parity: SerialSettings.Parity
    var stopBits: Int
    var flowControl: SerialSettings.FlowControl
    var framing: Framing
    var encoding: FrameEncoding
    var maxFrame: Int
    var reconnect: Reconnect
    var exclusive: Bool
    var silenceTimeout: ConfigDuration?
    var simulate: Simulate

    enum CodingKeys: String, CodingKey {
        case device, backend, baud
        case dataBits = "data_bits"
        case parity
        case stopBits = "stop_bits"
        case flowControl = "flow_control"
        case framing, encoding
        case maxFrame = "max_frame"
        case reconnect, exclusive
        case silenceTimeout = "silence_timeout"
        case simulate
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        device = try container.decode(String.self, forKey: .device)
        backend = try container.decode(Backend.self, forKey: .backend)
        baud = try container.decode(Int.self, forKey: .baud)
        dataBits = try container.decode(Int.self, forKey: .dataBits)
        parity = try container.decode(SerialSettings.Parity.self, forKey: .parity)
        stopBits = try container.decode(Int.self, forKey: .stopBits)
        flowControl = try container.decode(SerialSettings.FlowControl.self, forKey: .flowControl)
        framing = try container.decode(FramingKeys.self, forKey: .framing).framing(
            codingPath: container.codingPath + [CodingKeys.framing])
        encoding = try container.decode(FrameEncoding.self, forKey: .encoding)
        maxFrame = try container.decode(Int.self, forKey: .maxFrame)
        reconnect = try container.decode(Reconnect.self, forKey: .reconnect)
        exclusive = try container.decode(Bool.self, forKey: .exclusive)
        silenceTimeout = try container.decodeIfPresent(ConfigDuration.self, forKey: .silenceTimeout)
        simulate = try container.decode(Simulate.self, forKey: .simulate)
    }

    /// Reads a config the schema validated; every default is the schema's (written once, in
    /// ``SerialModule/schema``).
    ///
    /// - Throws: `invalid_arguments` if a key is missing or of the wrong kind, which only a config
    ///   that skipped validation can cause.
    init(_ config: Value) throws(CallError) {
        do {
            self = try config.decode(SerialConfiguration.self)
        } catch {
            throw CallError(.invalidArguments, "a serial module's config: \(error)")
        }
    }

    /// The module's config, from its context.
    init(_ context: ModuleContext) throws(CallError) {
        do {
            self = try context.config.decode(SerialConfiguration.self)
        } catch {
            throw CallError(.invalidArguments, "\(context.name): \(error)")
        }
    }

    /// The line settings asked for.
    var settings: SerialSettings {
        SerialSettings(baud: baud, dataBits: dataBits, parity: parity, stopBits: stopBits, flowControl: flowControl)
    }

    /// `framing:` as written: exactly one of its keys.
    struct FramingKeys: Decodable {
        /// Text (its UTF-8 bytes) or a list of byte values.
        enum Delimiter: Decodable {
            case text(String)
            case bytes([UInt8])

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) {
                    self = .text(text)
                } else {
                    self = .bytes(try container.decode([UInt8].self))
                }
            }

            var bytes: [UInt8] {
                switch self {
                case .text(let text): Array(text.utf8)
                case .bytes(let bytes): bytes
                }
            }
        }

        var delimiter: Delimiter?
        var length: Int?
        var idleGap: ConfigDuration?

        enum CodingKeys: String, CodingKey {
            case delimiter, length
            case idleGap = "idle_gap"
        }

        func framing(codingPath: [any CodingKey]) throws -> Framing {
            switch (delimiter, length, idleGap) {
            case (let delimiter?, nil, nil) where !delimiter.bytes.isEmpty: return .delimiter(delimiter.bytes)
            case (nil, let length?, nil) where length > 0: return .length(length)
            case (nil, nil, let gap?) where gap.duration > .zero:
                return .idleGap(nanoseconds: UInt64(clamping: gap.duration.nanoseconds))
            default:
                throw DecodingError.dataCorrupted(
                    DecodingError.Context(codingPath: codingPath, debugDescription: SerialModule.framingProblem))
            }
        }
    }
}
