import LooselyCoupled

/// `write {data, timeout?}`.
struct WriteArguments: Decodable {
    /// The bytes, in the port's encoding.
    var data: String
    var timeout: ConfigDuration?
}

/// `write_line {text, timeout?}`.
struct WriteLineArguments: Decodable {
    /// UTF-8 text; the delimiter is appended.
    var text: String
    var timeout: ConfigDuration?
}

/// `request {data | line, expect?, timeout?}`.
struct RequestArguments: Decodable {
    /// The bytes to send, in the port's encoding, as `write` takes them.
    var data: String?
    /// Text to send as `write_line` does, the delimiter appended.
    var line: String?
    /// A regular expression the reply must contain (searched in the reply's data).
    var expect: String?
    var timeout: ConfigDuration?
}

/// `simulate {data}` or `simulate {connected}`.
struct SimulateArguments: Decodable {
    /// Bytes the simulated device sends, in the port's encoding.
    var data: String?
    /// `false` unplugs the simulated device, `true` plugs it in again.
    var connected: Bool?
}

/// What `write` and `write_line` return: how many bytes the port took.
struct WriteResult: Encodable {
    var bytes: Int
}
