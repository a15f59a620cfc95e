package import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A failed system call: what was being done, and the errno it failed with.
package struct SystemError: Error, CustomStringConvertible {
    /// What failed, for people: `connect to /run/looselycoupled/control.sock`.
    package var operation: String
    /// The errno read straight after the failing call.
    package var errno: Errno
    /// What to check, when the errno alone does not say.
    package var hint: String?

    package init(_ operation: String, errno: Errno, hint: String? = nil) {
        self.operation = operation
        self.errno = errno
        self.hint = hint
    }

    /// With the raw errno a call returned or left in `errno`.
    package init(_ operation: String, errno: Int32, hint: String? = nil) {
        self.init(operation, errno: Errno(rawValue: errno), hint: hint)
    }

    /// The system's text for ``errno``.
    package var reason: String { errno.description }

    package var description: String { "cannot \(operation): \(reason)" + (hint.map { " (\($0))" } ?? "") }
}

/// Runs a system call until it does not fail with `EINTR`: its result, and the errno read
/// straight after it when the result is negative (else 0).
package func retryingInterrupts<T: BinaryInteger>(_ call: () -> T) -> (result: T, errno: Int32) {
    while true {
        let result = call()
        if result >= 0 { return (result, 0) }
        let code = errno
        if code != EINTR { return (result, code) }
    }
}

extension WakePipe {
    /// Opens a wake-up pipe, failing as a ``SystemError`` like the daemon's other system calls.
    package static func open() throws(SystemError) -> WakePipe {
        do {
            return try WakePipe()
        } catch {
            throw SystemError("create a pipe", errno: error.errno)
        }
    }
}
