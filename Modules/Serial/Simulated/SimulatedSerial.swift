import CPOSIX
public import LooselyCoupled
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A scripted serial device in the process, for `backend: simulated`: it answers what it is
/// sent from a table of replies, sends what it is told to, and can be unplugged and plugged in
/// again.
///
/// It behaves like a port to the module: the port is a pipe the module's port thread polls and
/// reads like a terminal, a write reaches the device at once, and unplugging hangs the pipe up
/// as a USB adapter's removal hangs up its terminal. What the device receives is cut into
/// messages by the module's delimiter (each write is one message for the other framings); a
/// message found in `replies` is answered with its reply, followed by the delimiter.
///
/// ```swift
/// let device = try SimulatedSerial(replies: ["PING": "PONG"], encoding: .text, framing: .delimiter([13, 10]))
/// device.send(Array("READY\r\n".utf8))
/// ```
public final class SimulatedSerial: SerialBackend, Sendable {
    private struct State {
        var plugged = true
        /// The write end of the open port's pipe; `nil` while no port is open.
        var pipe: FileDescriptor?
        /// Counts opens, so a port closing late cannot close the pipe of a newer one.
        var generation = 0
        /// Bytes received since the last complete message.
        var partial: [UInt8] = []
        var messages = 0
        var overflows = 0
    }

    /// `F_SETPIPE_SZ` (Linux 2.6.35), which Glibc's module does not export.
    private static let setPipeSize: Int32 = 1031

    private let replies: [[UInt8]: [UInt8]]
    private let delimiter: [UInt8]?
    private let state = Locked(State())

    /// A device answering `replies`, whose keys and values are written in `encoding` as the
    /// module's `write` and `request` take data.
    ///
    /// - Throws: ``FrameEncodingError`` for a key or reply that is not valid in `encoding`.
    public init(replies: [String: String] = [:], encoding: FrameEncoding = .text, framing: Framing)
        throws(FrameEncodingError)
    {
        var table: [[UInt8]: [UInt8]] = [:]
        for (message, reply) in replies {
            table[try encoding.decode(message)] = try encoding.decode(reply)
        }
        self.replies = table
        self.delimiter = framing.delimiter
    }

    deinit {
        state.withLock { state in try? state.pipe?.close() }
    }

    /// How logs and `status` name the backend.
    public var name: String { "simulated" }

    /// Opens the port at `path` with `settings` (see ``SerialBackend/open(_:settings:exclusive:)``).
    public func open(_ path: String, settings: SerialSettings, exclusive: Bool) throws(SerialError) -> any SerialPort {
        var descriptors: [Int32] = [-1, -1]
        guard lc_pipe_cloexec_nonblock(&descriptors) == 0 else {
            throw SerialError.system(Errno(rawValue: errno), "cannot make the simulated device's pipe")
        }
        let pipe = (
            readEnd: FileDescriptor(rawValue: descriptors[0]), writeEnd: FileDescriptor(rawValue: descriptors[1])
        )
        // Room for bursts the module has not read yet (the default is 64 KiB).
        _ = fcntl(pipe.writeEnd.rawValue, Self.setPipeSize, 1 << 20)
        let generation = state.withLock { state -> Int? in
            guard state.plugged else { return nil }
            try? state.pipe?.close()
            state.pipe = pipe.writeEnd
            state.partial = []
            state.generation += 1
            return state.generation
        }
        guard let generation else {
            try? pipe.readEnd.close()
            try? pipe.writeEnd.close()
            throw SerialError(
                .deviceNotFound, "cannot open \(path): the simulated device is unplugged", errno: .noSuchFileOrDirectory
            )
        }
        return SimulatedPort(
            readEnd: pipe.readEnd, generation: generation, device: path, settings: settings, device: self)
    }

    /// Sends `bytes` from the device to the open port.
    ///
    /// - Returns: Whether a port is open to receive them.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        state.withLock { state in Self.deliver(bytes, state: &state) }
    }

    /// Unplugs the device: the open port hangs up, and opens fail until ``plug()``.
    public func unplug() {
        state.withLock { state in
            state.plugged = false
            try? state.pipe?.close()
            state.pipe = nil
        }
    }

    /// Plugs the device in again: the next open succeeds.
    public func plug() {
        state.withLock { $0.plugged = true }
    }

    /// Whether the device is plugged in.
    public var isPlugged: Bool { state.withLock { $0.plugged } }

    /// How many messages the device has received, and how many of its sends did not fit the
    /// pipe (the module had not read for a megabyte).
    public var counts: (messages: Int, overflows: Int) { state.withLock { ($0.messages, $0.overflows) } }

    /// Takes bytes the module wrote: cuts them into messages and answers those it knows.
    func receive(_ bytes: UnsafeRawBufferPointer) {
        state.withLock { state in
            guard let delimiter else {
                state.messages += 1
                if let reply = replies[Array(bytes)] { _ = Self.deliver(reply, state: &state) }
                return
            }
            state.partial.append(contentsOf: bytes)
            while let end = Self.find(delimiter, in: state.partial) {
                let message = Array(state.partial[..<end])
                state.partial.removeFirst(end + delimiter.count)
                state.messages += 1
                if let reply = replies[message] { _ = Self.deliver(reply + delimiter, state: &state) }
            }
        }
    }

    /// The port of open number `generation` closed: the pipe's write end closes with it (a
    /// write to a pipe nobody reads would raise SIGPIPE).
    func closed(generation: Int) {
        state.withLock { state in
            guard state.generation == generation else { return }
            try? state.pipe?.close()
            state.pipe = nil
        }
    }

    private static func deliver(_ bytes: [UInt8], state: inout State) -> Bool {
        guard let pipe = state.pipe else { return false }
        do {
            let written = try bytes.withUnsafeBytes { try pipe.write($0, retryOnInterrupt: true) }
            if written < bytes.count { state.overflows += 1 }
        } catch {
            state.overflows += 1
        }
        return true
    }

    private static func find(_ delimiter: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= delimiter.count else { return nil }
        for start in 0...(bytes.count - delimiter.count) where bytes[start] == delimiter[0] {
            if bytes[start..<(start + delimiter.count)].elementsEqual(delimiter) { return start }
        }
        return nil
    }
}
