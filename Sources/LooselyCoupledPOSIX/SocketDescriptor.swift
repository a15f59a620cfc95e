import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A socket file descriptor that one thread reads and writes and that closes itself.
///
/// Another thread may ``shutdown()`` it to wake a blocked `read`, `accept` or `send`: the lock
/// makes sure that never hits a descriptor number already closed and reused.
package final class SocketDescriptor: Sendable {
    /// The descriptor, for I/O by the owning thread while it is open.
    package let rawValue: Int32
    private let isOpen = Locked(true)

    package init(_ rawValue: Int32) {
        self.rawValue = rawValue
    }

    deinit { close() }

    /// Ends both directions: a blocked reader sees the end of the stream, a writer an error.
    package func shutdown() {
        isOpen.withLock { isOpen in
            if isOpen { shutdownBoth(rawValue) }
        }
    }

    /// Closes the descriptor; later calls do nothing.
    package func close() {
        isOpen.withLock { isOpen in
            if isOpen { closeDescriptor(rawValue) }
            isOpen = false
        }
    }

    /// Writes all of `bytes`, retrying partial writes and `EINTR`. A peer that has gone away is
    /// an error (`EPIPE`), not a `SIGPIPE`.
    package func send(_ bytes: [UInt8], what: String = "write to the socket") throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            // Not empty while there is something left to send: it has a base address.
            let (count, code) = bytes.withUnsafeBytes { buffer -> (result: Int, errno: Int32) in
                guard let base = buffer.baseAddress else { return (0, 0) }
                return retryingInterrupts { sendBytes(rawValue, base + offset, buffer.count - offset) }
            }
            guard count >= 0 else { throw SystemError(what, errno: code) }
            offset += count
        }
    }

    /// Writes `line` and a newline.
    package func send(line: String) throws(SystemError) {
        try send(Array((line + "\n").utf8))
    }
}

// The C calls, at file scope where their names are not shadowed by the methods above.
private func shutdownBoth(_ descriptor: Int32) { _ = shutdown(descriptor, Int32(SHUT_RDWR)) }
private func closeDescriptor(_ descriptor: Int32) { _ = close(descriptor) }
private func sendBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    send(descriptor, bytes, count, Int32(MSG_NOSIGNAL))
}
