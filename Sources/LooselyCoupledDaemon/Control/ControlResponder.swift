import Logging
import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Answers control requests against the running manager. It is called on a connection's own
/// thread, so it uses the manager's plain-thread API (`callBlocking`, the non-`async` trigger).
struct ControlResponder: Sendable {
    let manager: ModuleManager
    /// Who sent the requests, when the kernel said; logged with every request to stop.
    var peer: PeerCredentials?
    var logger = Logger(label: "looselycoupled.control")

    /// What a request line leads to.
    enum Outcome {
        /// Send this reply, then read the next request.
        case reply(Value)
        /// Send this reply, then stream the events matching `events` (already being watched).
        case watch(reply: Value, events: AsyncStream<Event>)
    }

    /// Handles one request line.
    func respond(to line: [UInt8]) -> Outcome {
        guard let text = String(validating: line, as: UTF8.self) else {
            return .reply(Self.reply(.failure(.invalidJSON("the request is not UTF-8")), id: nil))
        }
        let value: Value
        do {
            // The request object is an envelope: its args or payload may nest as deep as a value
            // may anywhere (512 levels), as the command-line clients check them.
            value = try Value(jsonEnvelope: text)
        } catch {
            return .reply(Self.reply(.failure(.invalidJSON("\(error)")), id: nil))
        }
        let id = value["id"]
        let request: ControlRequest
        do {
            request = try ControlRequest(value)
        } catch {
            return .reply(Self.reply(.failure(error), id: id))
        }
        switch request {
        case .call(let target, let arguments, let timeout):
            do {
                return .reply(
                    Self.reply(.success(try manager.callBlocking(target, arguments, timeout: timeout)), id: id))
            } catch {
                return .reply(Self.reply(.failure(ControlError(error)), id: id))
            }
        case .trigger(let event, let payload, let priority):
            if event.hasSameCodePoints(as: "exit") {
                // The socket's permissions are the only guard: make every stop visible.
                var metadata = peer?.metadata ?? ["peer": "unknown"]
                metadata["request"] = "trigger exit"
                logger.notice("shutdown requested by a control client", metadata: metadata)
            }
            do {
                try manager.trigger(event, payload, priority: priority)
                return .reply(Self.reply(.success(.null), id: id))
            } catch {
                return .reply(Self.reply(.failure(ControlError(error)), id: id))
            }
        case .status:
            return .reply(Self.reply(.success(status()), id: id))
        case .states(let pattern):
            do {
                let entities = try manager.states(matching: pattern)
                return .reply(Self.reply(.success(["entities": .array(entities.map(\.value))]), id: id))
            } catch {
                return .reply(Self.reply(.failure(ControlError(error)), id: id))
            }
        case .set(let entity, let state, let attributes, let timeout):
            do {
                let answer = try manager.setEntityBlocking(entity, to: state, attributes: attributes, timeout: timeout)
                return .reply(Self.reply(.success(answer), id: id))
            } catch {
                return .reply(Self.reply(.failure(ControlError(error)), id: id))
            }
        case .events(let pattern):
            // Watching starts here, before the reply goes out: whatever the client triggers after
            // reading the reply is in the stream.
            do {
                let events = try manager.events(matching: pattern)
                return .watch(reply: Self.reply(.success(["watching": .string(pattern)]), id: id), events: events)
            } catch {
                return .reply(Self.reply(.failure(ControlError(error)), id: id))
            }
        }
    }

    /// `{"result": …}` or `{"error": {…}}`, after the request's `id` if it had one (first, so a
    /// client matching replies to requests reads it before a long result).
    static func reply(_ result: Result<Value, ControlError>, id: Value?) -> Value {
        var reply: Value.Object = [:]
        if let id { reply["id"] = id }
        switch result {
        case .success(let value): reply["result"] = value
        case .failure(let error): reply["error"] = error.value
        }
        return .object(reply)
    }

    /// The `status` result: the daemon's pid, the queue, and each module with its methods.
    func status() -> Value {
        let statistics = manager.statistics
        let modules: [Value] = statistics.modules.map { module in
            [
                "name": .string(module.name),
                "type": .string(module.type),
                "state": .string(module.state.description),
                "queue_depth": .int(module.queueDepth),
                "processed": .int(module.processed),
                "handler_errors": .int(module.handlerErrors),
                "start_failures": .int(module.startFailures),
                "entities": .int(module.entities),
                "methods": .array((manager.methods(of: module.name) ?? []).map(Value.string)),
            ]
        }
        return [
            "pid": .int(Int(getpid())),
            "modules": .array(modules),
            "queue": [
                "depth": .int(statistics.queueDepth),
                "capacity": .int(statistics.queueCapacity),
                "enqueued": .int(statistics.enqueued),
                "processed": .int(statistics.processed),
                "dropped": .int(statistics.dropped),
                "discarded": .int(statistics.discarded),
                "handler_errors": .int(statistics.handlerErrors),
                "watcher_dropped": .int(statistics.watcherDropped),
            ],
        ]
    }
}
