import LooselyCoupled

@testable import LooselyCoupledDaemon

/// A control-socket client that sends raw bytes, for what the command line never sends.
struct RawClient {
    let socket: SocketDescriptor
    var reader: LineReader

    init(path: String) throws {
        socket = try UnixSocket.connect(to: path)
        reader = LineReader(descriptor: socket.rawValue, limit: 16 << 20)
    }

    func send(_ bytes: [UInt8]) throws {
        try socket.send(bytes)
    }

    func send(_ line: String) throws {
        try socket.send(line: line)
    }

    /// The next reply line as the daemon wrote it; `nil` at the end of the stream.
    mutating func replyText() throws -> String? {
        switch try reader.next() {
        case .line(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .tooLong, .end: return nil
        }
    }

    /// The next reply line, parsed; `nil` at the end of the stream.
    mutating func reply() throws -> Value? {
        switch try reader.next() {
        case .line(let bytes): return try Value(json: String(decoding: bytes, as: UTF8.self))
        case .tooLong, .end: return nil
        }
    }

    /// Sends `request` and returns the reply.
    mutating func request(_ request: Value) throws -> Value? {
        try send((request).json)
        return try reply()
    }
}
