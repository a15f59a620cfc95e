#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Waits until one of `descriptors` is ready for `events`; the `revents` of each, in order.
///
/// - Throws: ``SystemError`` when `poll` fails other than by `EINTR`.
package func pollForever(_ descriptors: [(descriptor: Int32, events: Int16)]) throws(SystemError) -> [Int16] {
    var entries = descriptors.map { pollfd(fd: $0.descriptor, events: $0.events, revents: 0) }
    let (result, code) = entries.withUnsafeMutableBufferPointer { buffer in
        retryingInterrupts { poll(buffer.baseAddress, nfds_t(buffer.count), -1) }
    }
    if result < 0 { throw SystemError("poll", errno: code) }
    return entries.map(\.revents)
}
