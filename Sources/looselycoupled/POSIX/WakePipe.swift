#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A pipe that one thread signals and another `poll`s, to wake a thread blocked in `poll`.
final class WakePipe: Sendable {
    /// The end to `poll` for `POLLIN`.
    let readDescriptor: Int32
    private let writeDescriptor: Int32

    init() throws(SystemError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw SystemError("create a pipe", errno: errno) }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        readDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    deinit {
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// Wakes the poller; signals that arrive before it drains count once.
    func signal() {
        var byte: UInt8 = 1
        // A full pipe already holds a wake-up; nothing is lost by dropping this one.
        _ = retryingInterrupts { write(writeDescriptor, &byte, 1) }
    }

    /// Empties the pipe after `poll` reported it readable.
    func drain() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while bytes.withUnsafeMutableBytes({ buffer in
            retryingInterrupts { read(readDescriptor, buffer.baseAddress, buffer.count) }.result
        }) > 0 {}
    }
}

/// Waits until one of `descriptors` is ready for `events`; the `revents` of each, in order.
///
/// - Throws: ``SystemError`` when `poll` fails other than by `EINTR`.
func pollForever(_ descriptors: [(descriptor: Int32, events: Int16)]) throws(SystemError) -> [Int16] {
    var entries = descriptors.map { pollfd(fd: $0.descriptor, events: $0.events, revents: 0) }
    let (result, code) = entries.withUnsafeMutableBufferPointer { buffer in
        retryingInterrupts { poll(buffer.baseAddress, nfds_t(buffer.count), -1) }
    }
    if result < 0 { throw SystemError("poll", errno: code) }
    return entries.map(\.revents)
}
