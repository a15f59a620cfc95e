import LooselyCoupled
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A failed system call: what was being done, and the errno it failed with.
struct SystemError: Error, CustomStringConvertible {
    /// What failed, for people: `connect to /run/looselycoupled/control.sock`.
    var operation: String
    /// The errno read straight after the failing call.
    var errno: Errno
    /// What to check, when the errno alone does not say.
    var hint: String?

    init(_ operation: String, errno: Errno, hint: String? = nil) {
        self.operation = operation
        self.errno = errno
        self.hint = hint
    }

    /// With the raw errno a call returned or left in `errno`.
    init(_ operation: String, errno: Int32, hint: String? = nil) {
        self.init(operation, errno: Errno(rawValue: errno), hint: hint)
    }

    /// The system's text for ``errno``.
    var reason: String { errno.description }

    var description: String { "cannot \(operation): \(reason)" + (hint.map { " (\($0))" } ?? "") }
}

/// Runs a system call until it does not fail with `EINTR`: its result, and the errno read
/// straight after it when the result is negative (else 0).
func retryingInterrupts<T: BinaryInteger>(_ call: () -> T) -> (result: T, errno: Int32) {
    while true {
        let result = call()
        if result >= 0 { return (result, 0) }
        let code = errno
        if code != EINTR { return (result, code) }
    }
}

extension WakePipe {
    /// Opens a wake-up pipe, failing as a ``SystemError`` like the daemon's other system calls.
    static func open() throws(SystemError) -> WakePipe {
        do {
            return try WakePipe()
        } catch {
            throw SystemError("create a pipe", errno: error.errno)
        }
    }
}
