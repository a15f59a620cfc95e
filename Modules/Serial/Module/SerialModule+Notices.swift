import LooselyCoupled
import Logging

extension SerialModule {
    /// `_notices {token}`: the port thread has frames or news; take them all.
    ///
    /// Internal: it travels through the queue because that is how a plain thread reaches an
    /// actor in this daemon; a call without the instance's token is refused.
    func receiveNotices(_ arguments: Value) async throws(CallError) {
        guard arguments["token"]?.intValue == token else {
            throw CallError(.invalidArguments, "\(context.name)._notices is internal to the serial module")
        }
        await takeNotices()
    }

    /// Turns what the port thread reported into events and state, in order.
    func takeNotices() async {
        guard let worker else { return }
        let module = Value.string(context.name)
        for notice in worker.takeNotices() {
            switch notice {
            case .frames(let frames):
                for frame in frames {
                    var payload: Value = ["module": module, "data": .string(frame.data), "timestamp_ns": .int(Int(clamping: frame.timestampNanoseconds))]
                    if frame.cut { payload["cut"] = true }
                    outbox.append(("serial_frame", payload))
                }
                if let last = frames.last { link.lastFrame = last.data }
            case .connected(let connection):
                connected(connection)
            case .disconnected(let device, let reason):
                link.connected = false
                link.reason = reason
                outbox.append((
                    "serial_disconnected",
                    ["module": module, "device": .string(configuration.device), "resolved": .string(device), "reason": .string(reason)]
                ))
            case .silent(let seconds):
                outbox.append(("serial_silent", ["module": module, "seconds": .double(seconds)]))
            }
        }
        await flush()
    }

    /// The port is open (at start, or again): state and `serial_connected`.
    func connected(_ connection: PortWorker.Connection) {
        link.connected = true
        link.resolved = connection.device
        link.settings = connection.settings
        link.reason = nil
        outbox.append((
            "serial_connected",
            ["module": .string(context.name), "device": .string(configuration.device), "resolved": .string(connection.device)]
        ))
    }

    /// Triggers the queued events in order.
    ///
    /// While one flush is suspended on a full queue, another returns at once and leaves its
    /// events to the first, so events never overtake each other. A module that is not active
    /// sends nothing: its events are dropped.
    func flush() async {
        guard !isFlushing else { return }
        isFlushing = true
        defer { isFlushing = false }
        while !outbox.isEmpty {
            let batch = outbox
            outbox.removeAll(keepingCapacity: true)
            guard isActive else { continue }
            for event in batch {
                do {
                    try await context.trigger(event.name, event.payload)
                } catch {
                    context.logger.error("cannot trigger a serial event", metadata: ["event": "\(event.name)", "error": "\(error)"])
                }
            }
        }
    }
}
