import LooselyCoupled
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The command-line side of the control socket: one connection, request lines out, reply
/// lines in. It blocks, as a command-line client may.
struct ControlClient {
    /// Why talking to the daemon failed.
    enum Failure: Error, CustomStringConvertible {
        /// Nothing listens at the socket path: the daemon is not running (exit code 2).
        case notRunning(path: String, SystemError)
        /// The daemon could not be reached or answered something unusable.
        case failed(String)

        var description: String {
            switch self {
            case .notRunning(let path, let error):
                "the daemon is not running (cannot connect to \(path): \(error.reason))"
            case .failed(let message):
                message
            }
        }
    }

    private let socket: SocketDescriptor
    private var reader: LineReader
    let path: String

    /// Connects to the daemon listening at `path`.
    ///
    /// - Throws: ``Failure/notRunning(path:_:)`` when the socket does not exist or refuses
    ///   connections; ``Failure/failed(_:)`` otherwise (for example, permission denied).
    init(path: String) throws(Failure) {
        do {
            socket = try UnixSocket.connect(to: path)
        } catch {
            switch error.errno {
            case .noSuchFileOrDirectory, .connectionRefused, .notDirectory:
                throw .notRunning(path: path, error)
            case .permissionDenied, .notPermitted:
                throw .failed("\(error) (is this user in the daemon's group?)")
            default:
                throw .failed("\(error)")
            }
        }
        reader = LineReader(descriptor: socket.rawValue, limit: 64 << 20)
        self.path = path
    }

    /// Sends `request` and returns the reply: `{"result": …}` or `{"error": …}`.
    mutating func request(_ request: Value) throws(Failure) -> Value {
        do {
            try socket.send(line: (request).json)
        } catch {
            throw .failed("\(error)")
        }
        guard let reply = try nextLine() else {
            throw .failed("the daemon closed the connection without answering")
        }
        return reply
    }

    /// The next line from the daemon, parsed; `nil` when it closed the connection.
    mutating func nextLine() throws(Failure) -> Value? {
        let line: LineReader.Line
        do {
            line = try reader.next()
        } catch {
            throw .failed("\(error)")
        }
        switch line {
        case .end:
            return nil
        case .tooLong:
            throw .failed("the daemon sent a line too long to read")
        case .line(let bytes):
            do {
                // A reply or event line wraps a result or payload of up to 512 levels.
                return try Value(jsonEnvelope: String(decoding: bytes, as: UTF8.self))
            } catch {
                throw .failed("the daemon sent something that is not JSON: \(error)")
            }
        }
    }
}
