public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A pipe that one thread signals and another `poll`s, to wake a thread blocked in `poll`: the
/// control socket's threads, the GPIO edge reader, the simulated chip's edge channel.
///
/// Both ends are non-blocking and close-on-exec.
public final class WakePipe: Sendable {
    /// Why the pipe could not be made.
    public struct CreationError: Error, Sendable, CustomStringConvertible {
        /// The errno `pipe` failed with.
        public let errno: Errno
        /// The error or value in one line, as logs and error replies show it.
        public var description: String { "cannot create a pipe: \(errno)" }
    }

    /// The end to `poll` for `POLLIN` (and `POLLHUP` once hung up).
    public let readDescriptor: Int32
    /// The write end; -1 once hung up. Locked so that a signal never writes to a number that
    /// ``hangUp()`` closed and the system already gave to another file.
    private let writeDescriptor: Locked<Int32>

    /// Opens the pipe.
    public init() throws(CreationError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw CreationError(errno: Errno(rawValue: errno)) }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = Locked(descriptors[1])
    }

    deinit {
        close(readDescriptor)
        hangUp()
    }

    /// Wakes the poller; signals that arrive before it drains count once.
    public func signal() {
        writeDescriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            // A full pipe already holds a wake-up (EAGAIN); nothing is lost by dropping this one.
            _ = try? FileDescriptor(rawValue: descriptor).writeAll(CollectionOfOne(UInt8(1)))
        }
    }

    /// Closes the write end: the poller sees `POLLHUP` once it has drained, as on a device that
    /// went away; later signals do nothing.
    public func hangUp() {
        writeDescriptor.withLock { descriptor in
            guard descriptor >= 0 else { return }
            close(descriptor)
            descriptor = -1
        }
    }

    /// Empties the pipe after `poll` reported it readable.
    public func drain() {
        var bytes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { buffer in
            // A short read emptied the pipe: no second call to learn that it is empty. EAGAIN
            // (empty already) ends it too; EINTR is retried by swift-system.
            while (try? FileDescriptor(rawValue: readDescriptor).read(into: buffer)) == buffer.count {}
        }
    }
}
