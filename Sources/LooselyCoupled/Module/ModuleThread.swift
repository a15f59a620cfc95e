import CPOSIX
import DequeModule
import Synchronization
public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A thread of its own for a module that owns a device: the module's actor runs on it, and
/// between jobs the thread waits for the module's file descriptors and its timer.
///
/// A module whose work starts with a kernel event (an edge on a GPIO line, bytes on a serial
/// port) or with the clock (a blink toggle) gets there with one thread wake-up: the kernel (or
/// the timer) wakes this thread, which reads and handles the event in the module's own
/// isolation. On the shared cooperative pool the same event would wake a reader thread first and
/// then a pool thread, and a `Task.sleep` would wake the runtime's timer thread and then a pool
/// thread.
///
/// ```swift
/// public actor Meter: Module {
///     nonisolated let thread: ModuleThread
///     public nonisolated var unownedExecutor: UnownedSerialExecutor { thread.unownedExecutor }
///     public nonisolated var taskExecutor: (any TaskExecutor)? { thread.taskExecutor }
///
///     public init(context: ModuleContext) throws {
///         thread = try ModuleThread(name: "meter-\(context.name)")
///         …
///     }
/// }
/// ```
///
/// Readiness and the timer call plain closures on the thread, outside the actor; they hand
/// work to the module with ``ModuleContext/post(to:priority:blocking:_:)``, which keeps the
/// mailbox's order and bound and, posted from this thread to this module, wakes nobody. A
/// watched descriptor is paused once it reported readiness, until ``resume(_:)``: the module
/// reads it when its posted work runs, and then asks for more.
///
/// The thread ends once the `ModuleThread` is released and no job is left, so a module holding
/// it in a stored property needs no clean-up of its own.
public final class ModuleThread: Sendable {
    /// What a ``watch(_:events:_:)`` returns, to resume or end the watch.
    public struct Watch: Hashable, Sendable {
        let id: Int
    }

    /// Why the thread could not be started.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        /// The errno of the call that failed.
        public let errno: Errno
        /// What was being done.
        public let operation: String
        /// The operation and the errno's text.
        public var description: String {
            "cannot start a module thread: \(operation): \(errno)"
        }
    }

    let loop: Loop

    /// Starts the thread, named `name` (15 bytes are kept, as Linux allows).
    ///
    /// - Throws: ``StartError`` when the kernel refuses the thread or its wake-up descriptor.
    public init(name: String) throws(StartError) {
        let wake = lc_eventfd()
        guard wake >= 0 else { throw StartError(errno: Errno(rawValue: errno), operation: "eventfd") }
        let loop = Loop(wakeDescriptor: wake)
        do {
            _ = try OSThread.spawn(name: name) { loop.run() }
        } catch {
            close(wake)
            throw StartError(errno: error.errno, operation: "pthread_create")
        }
        self.loop = loop
    }

    deinit {
        loop.finish()
    }

    /// The executor an actor returns as its `unownedExecutor` to run on this thread.
    public var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }

    /// The executor a module returns as its ``Module/taskExecutor``, so that its drain loop and
    /// jobs, resumed by another thread, come straight back here instead of through the shared
    /// pool (which would wake a pool thread and then this one).
    public var taskExecutor: any TaskExecutor { loop }

    /// Whether the caller runs on this thread.
    public var isCurrent: Bool { loop.isCurrent }

    /// Calls `ready` on this thread when `descriptor` reports any of `events` (`POLLIN` when
    /// `nil`; and always on
    /// `POLLHUP`, `POLLERR` or `POLLNVAL`), with what it reported. The watch is then paused until
    /// ``resume(_:)``. When `ready` returns `false` (the work could not be handed on, for instance
    /// because the queue is full), the watch is tried again a millisecond later.
    @discardableResult
    public func watch(
        _ descriptor: Int32, events: Int16? = nil, _ ready: @escaping @Sendable (_ revents: Int16) -> Bool
    )
        -> Watch
    {
        loop.watch(descriptor, events: events, ready)
    }

    /// Resumes a watch that reported readiness: call it once the descriptor has been read.
    public func resume(_ watch: Watch) {
        loop.resume(watch)
    }

    /// Ends a watch; `ready` is not called for it again.
    public func unwatch(_ watch: Watch) {
        loop.unwatch(watch)
    }

    /// Calls `fire` on this thread once `CLOCK_MONOTONIC` reaches `deadline` (nanoseconds, as
    /// ``MonotonicClock/now()``), in place of any timer set before. When `fire` returns `false`,
    /// it is called again a millisecond later.
    public func schedule(at deadline: UInt64, _ fire: @escaping @Sendable () -> Bool) {
        loop.schedule(at: deadline, fire)
    }

    /// Cancels the timer, if one is set.
    public func cancelTimer() {
        loop.schedule(at: nil, nil)
    }
}
