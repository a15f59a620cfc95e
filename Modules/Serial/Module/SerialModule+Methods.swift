public import LooselyCoupled

extension SerialModule {
    /// `write {data, timeout?}`: sends `data` (in the port's encoding) once the writes and
    /// requests before it are done; returns `{bytes}` when the port has taken them all.
    func write(_ arguments: WriteArguments) async throws(CallError) -> WriteResult {
        let bytes = try bytes(of: arguments.data, method: "write")
        let timeout = arguments.timeout?.duration ?? Self.defaultWriteTimeout
        return try written(await submit(bytes, timeout: timeout, awaitsReply: false, expect: nil), method: "write")
    }

    /// `write_line {text, timeout?}`: sends `text` as UTF-8 with the framing's delimiter after it.
    func writeLine(_ arguments: WriteLineArguments) async throws(CallError) -> WriteResult {
        let bytes = try line(arguments.text, method: "write_line")
        let timeout = arguments.timeout?.duration ?? Self.defaultWriteTimeout
        return try written(
            await submit(bytes, timeout: timeout, awaitsReply: false, expect: nil), method: "write_line")
    }

    /// `request {data | line, expect?, timeout?}`: sends `data` (as `write`) or `line` (as
    /// `write_line`), then returns the next frame that contains a match of `expect` (any next
    /// frame without it) as `{data, timestamp_ns}`, or fails with `timeout`.
    ///
    /// Requests are answered in the order they were made: each waits for the one before it, so
    /// a reply is never taken for another's. Frames that do not match still arrive as
    /// `serial_frame`, and so does the reply.
    func request(_ arguments: RequestArguments) async throws(CallError) -> Value {
        let bytes: [UInt8]
        switch (arguments.data, arguments.line) {
        case (let data?, nil): bytes = try self.bytes(of: data, method: "request")
        case (nil, let line?): bytes = try self.line(line, method: "request")
        default:
            throw CallError(
                .invalidArguments,
                "\(context.name).request needs either \"data\" (sent as write sends it) or \"line\" (sent as write_line sends it)"
            )
        }
        var expect: Regex<AnyRegexOutput>?
        if let pattern = arguments.expect {
            do {
                expect = try Regex(pattern)
            } catch {
                throw CallError(
                    .invalidArguments, "\(context.name).request: expect is not a regular expression: \(error)")
            }
        }
        let timeout = arguments.timeout?.duration ?? Self.defaultRequestTimeout
        switch await submit(bytes, timeout: timeout, awaitsReply: true, expect: expect) {
        case .reply(let frame): return frame.reply
        case .written: return .null
        case .failed(let error): throw callError(error, method: "request")
        }
    }

    /// `status`: whether the port is open, the device the path led to, the settings read back
    /// from the driver, framing, encoding and the counters.
    func status() -> Value {
        var status: Value.Object = [
            "module": .string(context.name), "backend": .string(backend.name), "device": .string(configuration.device),
            "open": .bool(port != nil), "resolved": resolved.map(Value.string) ?? .null,
            "settings": settings?.value ?? .null, "exclusive": .bool(configuration.exclusive),
            "framing": .string(configuration.framing.description), "encoding": .string(configuration.encoding.rawValue),
            "max_frame": .int(configuration.maxFrame), "last_frame": lastFrame.map(Value.string) ?? .null,
            "counters": counters.value,
        ]
        if port == nil { status["reason"] = .string(reason) }
        return .object(status)
    }

    /// `simulate {data}`: the simulated device sends `data` (in the port's encoding, nothing
    /// appended). `simulate {connected: false}` unplugs it, `{connected: true}` plugs it in.
    func simulate(_ arguments: SimulateArguments) throws(CallError) -> Value {
        guard let device = backend as? SimulatedSerial else {
            throw CallError(
                .invalidArguments,
                "\(context.name).simulate needs the simulated backend (backend: simulated, or run the daemon with --simulate); this module has a real port"
            )
        }
        switch (arguments.data, arguments.connected) {
        case (let data?, nil):
            let bytes = try bytes(of: data, method: "simulate")
            guard device.send(bytes) else {
                throw callError(
                    SerialError(.disconnected, "\(configuration.device): the simulated device is unplugged"),
                    method: "simulate")
            }
            return ["bytes": .int(bytes.count)]
        case (nil, let connected?):
            if connected { device.plug() } else { device.unplug() }
            return ["connected": .bool(connected)]
        default:
            throw CallError(
                .invalidArguments,
                "\(context.name).simulate needs either {\"data\": …} (the device sends it) or {\"connected\": true|false}"
            )
        }
    }

    // MARK: Helpers

    private func written(_ outcome: PortJob.Outcome, method: String) throws(CallError) -> WriteResult {
        switch outcome {
        case .written(let count): return WriteResult(bytes: count)
        case .reply(let frame): return WriteResult(bytes: frame.byteCount)
        case .failed(let error): throw callError(error, method: method)
        }
    }

    /// A port error as the caller sees it: `timeout`, `disconnected` (the port is closed; the
    /// module reopens it by itself), `discarded` (the module stopped first), or `handler_failed`;
    /// the ``SerialError`` is the underlying error.
    func callError(_ error: SerialError, method: String) -> CallError {
        let message = "\(context.name).\(method): \(error)"
        return switch error.code {
        case .timeout: CallError(.timeout, message, underlying: error)
        case .disconnected: CallError(.disconnected, message, underlying: error)
        case .stopped: CallError(.discarded, message, underlying: error)
        default: CallError(.handlerFailed, message, underlying: error)
        }
    }

    private func bytes(of data: String, method: String) throws(CallError) -> [UInt8] {
        do {
            return try configuration.encoding.decode(data)
        } catch {
            throw CallError(.invalidArguments, "\(context.name).\(method): data is \(error)")
        }
    }

    private func line(_ text: String, method: String) throws(CallError) -> [UInt8] {
        guard let delimiter = configuration.framing.delimiter else {
            throw CallError(
                .invalidArguments,
                "\(context.name).\(method) appends the framing's delimiter, and this module frames by \(configuration.framing.description): send the bytes with write or request {data}"
            )
        }
        return Array(text.utf8) + delimiter
    }
}

extension CallError.Code {
    /// A serial module's port is closed (its adapter was unplugged); the module reopens it by
    /// itself, and writes and requests fail with this meanwhile, at once.
    public static let disconnected = CallError.Code(named: "disconnected")
}
