public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A plain operating-system thread, for work that blocks: a device read, a C library's wait, a
/// connection's requests. It talks to modules through the non-`async` ``ModuleContext`` API.
///
/// ```swift
/// let reader = try OSThread.spawn(name: "meter-rx") { [context] in
///     while let reading = meter.read() { try? context.trigger("meter_reading", reading) }
/// }
/// reader.join()
/// ```
///
/// A thread nobody joins is detached when its `OSThread` is released, so it frees its resources
/// when it ends.
public final class OSThread: Sendable {
    private let handle: pthread_t
    private let joined = Locked(false)

    private init(handle: pthread_t) { self.handle = handle }

    deinit {
        if !joined.withLock({ $0 }) { pthread_detach(handle) }
    }

    /// Why a thread could not be started.
    public struct SpawnError: Error, Sendable, CustomStringConvertible {
        /// The errno `pthread_create` returned.
        public let errno: Errno
        /// The error or value in one line, as logs and error replies show it.
        public var description: String { "cannot start a thread: \(errno)" }
    }

    private final class Box: Sendable {
        let body: @Sendable () -> Void
        let name: String
        init(_ body: @escaping @Sendable () -> Void, name: String) {
            self.body = body
            self.name = name
        }
    }

    /// Starts `body` on a new thread named `name` (at most 15 bytes are kept, as Linux allows).
    public static func spawn(name: String, _ body: @escaping @Sendable () -> Void) throws(SpawnError) -> OSThread {
        let box = Unmanaged.passRetained(Box(body, name: name)).toOpaque()
        var handle = pthread_t()
        let result = pthread_create(
            &handle, nil,
            { argument in
                guard let argument else { return nil }
                let box = Unmanaged<Box>.fromOpaque(argument).takeRetainedValue()
                nameCurrentThread(box.name)
                box.body()
                return nil
            }, box)
        guard result == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw SpawnError(errno: Errno(rawValue: result))
        }
        return OSThread(handle: handle)
    }

    /// Waits for the thread to end.
    public func join() {
        let first = joined.withLock { joined -> Bool in
            defer { joined = true }
            return !joined
        }
        if first { pthread_join(handle, nil) }
    }
}

/// Names the calling thread for `top -H` and `ps -L` (Glibc does not export `pthread_setname_np`
/// to Swift; the kernel takes the name through `/proc/thread-self/comm`).
private func nameCurrentThread(_ name: String) {
    #if os(Linux)
        let fd = open("/proc/thread-self/comm", O_WRONLY)
        guard fd >= 0 else { return }
        let bytes = Array(name.utf8.prefix(15))
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    #endif
}
