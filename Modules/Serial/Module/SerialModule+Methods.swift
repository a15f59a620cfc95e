import LooselyCoupled

extension SerialModule {
    /// `write {data, timeout?}`: sends `data` (in the port's encoding) once the writes and
    /// requests before it are done; returns `{bytes}` when the port has taken them all.
    func write(_ arguments: Value) async throws(CallError) -> Value {
        let arguments = try decode(WriteArguments.self, arguments, method: "write")
        let bytes = try bytes(of: arguments.data, method: "write")
        let timeout = arguments.timeout?.duration ?? Self.defaultWriteTimeout
        return try written(await submit(bytes, timeout: timeout, awaitsReply: false, expect: nil), method: "write")
    }

    /// `write_line {text, timeout?}`: sends `text` as UTF-8 with the framing's delimiter after it.
    func writeLine(_ arguments: Value) async throws(CallError) -> Value {
        let arguments = try decode(WriteLineArguments.self, arguments, method: "write_line")
        let bytes = try line(arguments.text, method: "write_line")
        let timeout = arguments.timeout?.duration ?? Self.defaultWriteTimeout
        return try written(await submit(bytes, timeout: timeout, awaitsReply: false, expect: nil), method: "write_line")
    }

    /// `request {data | line, expect?, timeout?}`: sends `data` (as `write`) or `line` (as
    /// `write_line`), then returns the next frame that contains a match of `expect` (any next
    /// frame without it) as `{data, timestamp_ns}`, or fails with `timeout`.
    ///
    /// Requests are answered in the order they were made: each waits for the one before it, so
    /// a reply is never taken for another's. Frames that do not match still arrive as
    /// `serial_frame`, and so does the reply.
    func request(_ arguments: Value) async throws(CallError) -> Value {
        let arguments = try decode(RequestArguments.self, arguments, method: "request")
        let bytes: [UInt8]
        switch (arguments.data, arguments.line) {
        case (let data?, nil): bytes = try self.bytes(of: data, method: "request")
        case (nil, let line?): bytes = try self.line(line, method: "request")
        default:
            throw CallError(.invalidArguments, "\(context.name).request needs either \"data\" (sent as write sends it) or \"line\" (sent as write_line sends it)")
        }
        if let pattern = arguments.expect {
            do {
                _ = try Regex(pattern)
            } catch {
                throw CallError(.invalidArguments, "\(context.name).request: expect is not a regular expression: \(error)")
            }
        }
        let timeout = arguments.timeout?.duration ?? Self.defaultRequestTimeout
        switch await submit(bytes, timeout: timeout, awaitsReply: true, expect: arguments.expect) {
        case .reply(let frame):
            var reply: Value = ["data": .string(frame.data), "timestamp_ns": .int(Int(clamping: frame.timestampNanoseconds))]
            if frame.cut { reply["cut"] = true }
            return reply
        case .written:
            return .null
        case .failed(let error):
            throw callError(error, method: "request")
        }
    }

    /// `status`: whether the port is open, the device the path led to, the settings read back
    /// from the driver, framing, encoding and the counters.
    func status() -> Value {
        var status: Value = [
            "module": .string(context.name), "backend": .string(backend.name), "device": .string(configuration.device),
            "open": .bool(link.connected), "resolved": link.resolved.map(Value.string) ?? .null,
            "settings": link.settings?.value ?? .null, "exclusive": .bool(configuration.exclusive),
            "framing": .string(configuration.framing.description), "encoding": .string(configuration.encoding.rawValue),
            "max_frame": .int(configuration.maxFrame), "last_frame": link.lastFrame.map(Value.string) ?? .null,
            "counters": worker?.counters.value ?? .null,
        ]
        if let reason = link.reason { status["reason"] = .string(reason) }
        return status
    }

    /// `simulate {data}`: the simulated device sends `data` (in the port's encoding, nothing
    /// appended). `simulate {connected: false}` unplugs it, `{connected: true}` plugs it in.
    func simulate(_ arguments: Value) throws(CallError) -> Value {
        guard let device = backend as? SimulatedSerial else {
            throw CallError(
                .invalidArguments,
                "\(context.name).simulate needs the simulated backend (backend: simulated, or run the daemon with --simulate); this module has a real port")
        }
        let arguments = try decode(SimulateArguments.self, arguments, method: "simulate")
        switch (arguments.data, arguments.connected) {
        case (let data?, nil):
            let bytes = try bytes(of: data, method: "simulate")
            guard device.send(bytes) else {
                throw callError(SerialError(.disconnected, "\(configuration.device): the simulated device is unplugged"), method: "simulate")
            }
            return ["bytes": .int(bytes.count)]
        case (nil, let connected?):
            if connected { device.plug() } else { device.unplug() }
            return ["connected": .bool(connected)]
        default:
            throw CallError(.invalidArguments, "\(context.name).simulate needs either {\"data\": …} (the device sends it) or {\"connected\": true|false}")
        }
    }

    // MARK: Helpers

    /// Hands `bytes` to the port thread and waits until it wrote them (and the reply came).
    private func submit(_ bytes: [UInt8], timeout: Duration, awaitsReply: Bool, expect: String?) async -> PortWorker.Outcome {
        guard let worker else { return .failed(SerialError(.disconnected, "\(configuration.device) is not open")) }
        return await withCheckedContinuation { continuation in
            let job = PortWorker.Job(
                bytes: bytes, deadline: MonotonicClock.now() &+ timeout.nanosecondsClamped, timeout: timeout, awaitsReply: awaitsReply,
                expect: expect, complete: { continuation.resume(returning: $0) })
            do throws(SerialError) {
                try worker.submit(job)
            } catch {
                continuation.resume(returning: .failed(error))
            }
        }
    }

    private func written(_ outcome: PortWorker.Outcome, method: String) throws(CallError) -> Value {
        switch outcome {
        case .written(let count): return ["bytes": .int(count)]
        case .reply: return .null
        case .failed(let error): throw callError(error, method: method)
        }
    }

    /// A port error as the caller sees it: `timeout` as the core's timeout; a closed port as
    /// `module_not_ready` (the core has no `disconnected` code yet), with the ``SerialError``
    /// (code `disconnected`) as the underlying error.
    func callError(_ error: SerialError, method: String) -> CallError {
        switch error.code {
        case .timeout: CallError(.timeout, "\(context.name).\(method): \(error)", underlying: error)
        case .disconnected, .stopped: CallError(.moduleNotReady, "\(context.name).\(method): \(error)", underlying: error)
        default: CallError(.handlerFailed, "\(context.name).\(method): \(error)", underlying: error)
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ arguments: Value, method: String) throws(CallError) -> T {
        do {
            return try arguments.decode(type)
        } catch {
            throw CallError(.invalidArguments, "\(context.name).\(method): \(error)")
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
                "\(context.name).\(method) appends the framing's delimiter, and this module frames by \(configuration.framing.description): send the bytes with write or request {data}")
        }
        return Array(text.utf8) + delimiter
    }
}
