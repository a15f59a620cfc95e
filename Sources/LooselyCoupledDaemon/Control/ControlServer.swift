import Logging
import LooselyCoupled
import ServiceLifecycle
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The control socket: a Unix stream socket speaking JSON lines, for `looselycoupled status`,
/// `call`, `trigger` and `events`.
///
/// The socket is created when the server is made (so a second daemon fails before touching any
/// hardware) with mode 0660, and removed when ``run()`` ends. One thread accepts; each client
/// gets a thread of its own, since requests block on module calls.
final class ControlServer: Service, Sendable {
    /// The most clients served at once; more are told so and disconnected.
    static let maximumClients = 64
    /// How long a client that is not watching events may send nothing before it is told so and
    /// disconnected, so that idle connections cannot hold every place.
    static let idleTimeout: Duration = .seconds(60)

    private let listener: UnixSocket.Listener
    private let responder: ControlResponder
    private let idleTimeout: Duration
    private let logger: Logger
    private let wake: WakePipe
    private let state = Locked(State())

    private struct State {
        var stopping = false
        var nextID = 0
        var clients: [Int: SocketDescriptor] = [:]
        var threads: [Int: OSThread] = [:]
        var finished: [Int] = []
    }

    /// The socket path.
    var path: String { listener.path }

    /// Listens at `path`.
    ///
    /// - Throws: ``SystemError`` when the socket cannot be created, for example because another
    ///   daemon is listening there.
    init(path: String, manager: ModuleManager, logger: Logger, idleTimeout: Duration = ControlServer.idleTimeout)
        throws(SystemError)
    {
        self.listener = try UnixSocket.listen(at: path)
        self.responder = ControlResponder(manager: manager)
        self.idleTimeout = idleTimeout
        self.logger = logger
        self.wake = try WakePipe.open()
    }

    /// Serves clients until graceful shutdown, then disconnects them and removes the socket.
    func run() async throws {
        logger.debug("control socket listening", metadata: ["socket": "\(listener.path)"])
        defer {
            listener.descriptor.close()
            UnixSocket.remove(listener)
            logger.debug("control socket closed", metadata: ["socket": "\(listener.path)"])
        }
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await runOnThread(name: "lc-control") { self.acceptLoop() }
        } onCancelOrGracefulShutdown: {
            self.state.withLock { $0.stopping = true }
            self.wake.signal()
        }
    }

    private func acceptLoop() {
        while !state.withLock({ $0.stopping }) {
            let ready: [Int16]
            do {
                ready = try pollForever([
                    (listener.descriptor.rawValue, Int16(POLLIN)), (wake.readDescriptor, Int16(POLLIN)),
                ])
            } catch {
                logger.error("control socket failed", metadata: ["error": "\(error)"])
                break
            }
            if ready[1] != 0 {
                wake.drain()
                reapFinished()
            }
            if ready[0] != 0 { acceptClient() }
        }
        let (clients, threads) = state.withLock { state in (Array(state.clients.values), Array(state.threads.values)) }
        for client in clients { client.shutdown() }
        for thread in threads { thread.join() }
    }

    private func acceptClient() {
        let client: SocketDescriptor
        switch UnixSocket.accept(listener.descriptor) {
        case .success(let accepted):
            client = accepted
        case .failure(let error):
            logger.warning("control socket accept failed", metadata: ["error": "\(error)"])
            if error.errno == .tooManyOpenFiles || error.errno == .tooManyOpenFilesInSystem {
                // Out of descriptors: let clients finish rather than spin on the ready listener.
                var pause = timespec(tv_sec: 0, tv_nsec: 100_000_000)
                nanosleep(&pause, nil)
            }
            return
        }
        let id: Int? = state.withLock { state in
            guard state.clients.count < Self.maximumClients else { return nil }
            state.nextID += 1
            state.clients[state.nextID] = client
            return state.nextID
        }
        guard let id else {
            logger.warning("too many control clients; refused one", metadata: ["limit": "\(Self.maximumClients)"])
            let reply = ControlResponder.reply(.failure(.tooManyClients(limit: Self.maximumClients)), id: nil)
            try? client.send(line: (reply).json)
            client.close()
            return
        }
        var responder = responder
        responder.peer = PeerCredentials(socket: client.rawValue)
        responder.logger = logger
        // Reads give up after the idle timeout (EAGAIN), which ends a silent client's connection.
        let (seconds, attoseconds) = idleTimeout.components
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        _ = setsockopt(client.rawValue, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connection = ControlConnection(
            socket: client, responder: responder, logger: logger, idleTimeout: idleTimeout)
        do {
            let thread = try OSThread.spawn(name: "lc-client-\(id)") {
                connection.serve()
                client.close()
                self.state.withLock { state in
                    state.clients[id] = nil
                    state.finished.append(id)
                }
                self.wake.signal()
            }
            state.withLock { $0.threads[id] = thread }
        } catch {
            logger.error("cannot start a control client thread", metadata: ["error": "\(error)"])
            state.withLock { $0.clients[id] = nil }
            client.close()
        }
    }

    /// Joins the threads of clients that have finished.
    private func reapFinished() {
        let done = state.withLock { state -> [OSThread] in
            defer { state.finished.removeAll() }
            return state.finished.compactMap { state.threads.removeValue(forKey: $0) }
        }
        for thread in done { thread.join() }
    }
}
