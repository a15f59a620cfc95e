import LooselyCoupled
import SystemPackage

extension FileDescriptor {
    /// Reads what is pending on a non-blocking descriptor, retrying `EINTR`: the byte count, 0
    /// when nothing is pending (`EAGAIN`), `nil` at the end of the stream (a hung-up terminal, a
    /// pipe whose writer closed).
    ///
    /// - Throws: The `Errno` of the `read` that failed.
    func readPending(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int? {
        do {
            let count = try Files.errno { try read(into: buffer, retryOnInterrupt: true) }
            return count > 0 ? count : nil
        } catch .resourceTemporarilyUnavailable {
            return 0
        }
    }
}
