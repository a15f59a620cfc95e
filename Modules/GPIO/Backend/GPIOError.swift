public import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Why a GPIO chip or line could not be opened, requested, read or written.
///
/// The message names the chip and line concerned and says what to check; ``errno`` keeps the
/// system's own reason where there is one.
public struct GPIOError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; compare with the static members. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) { self.name = name }

        /// No chip has the path, name or label asked for.
        public static let chipNotFound = Code("chip_not_found")
        /// The chip has no line of that offset or name.
        public static let lineNotFound = Code("line_not_found")
        /// Another consumer (program, kernel driver or module) holds the line.
        public static let lineBusy = Code("line_busy")
        /// The daemon's user may not open the chip.
        public static let permissionDenied = Code("permission_denied")
        /// What was asked is not available with this backend or library version.
        public static let unsupported = Code("unsupported")
        /// A requested line's chip went away (a USB adapter unplugged, its driver unbound).
        public static let chipGone = Code("chip_gone")
        /// Any other system error; ``GPIOError/errno`` says which.
        public static let system = Code("system")

        /// The snake_case name.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, with the chip and line, and what to check.
    public var message: String
    /// The system error, if a system call failed.
    public var errno: Errno?

    /// An error of `code` explained by `message`, keeping `errno` if a system call failed.
    public init(_ code: Code, _ message: String, errno: Errno? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    /// An error of `code` explained by `message`, with the raw `errno` of the call that failed.
    init(_ code: Code, _ message: String, errno: Int32) {
        self.init(code, message, errno: Errno(rawValue: errno))
    }

    /// The message, then the system's reason when there is one: `…: Device or resource busy (errno 16)`.
    public var description: String {
        guard let errno else { return message }
        return "\(message) [\(errno) (errno \(errno.rawValue))]"
    }

    /// An error of I/O on a requested line: `ENODEV` there means its chip is gone; anything
    /// else as ``system(_:_:)``.
    static func lineIO(_ errno: Int32, _ what: String) -> GPIOError {
        guard errno == ENODEV else { return system(errno, what) }
        return GPIOError(.chipGone, "\(what): the GPIO chip is gone (unplugged, or its driver unbound)", errno: errno)
    }

    /// An error from the failing call's `errno`, classified, with the hint that fits it.
    ///
    /// - Parameters:
    ///   - errno: The value read right after the failing call.
    ///   - what: What was being done, naming chip and line ("cannot open /dev/gpiochip0").
    static func system(_ errno: Errno, _ what: String) -> GPIOError {
        system(errno.rawValue, what)
    }

    /// An error from the raw `errno` of the failing call; see ``system(_:_:)-(Errno,_)``.
    static func system(_ errno: Int32, _ what: String) -> GPIOError {
        switch errno {
        case EACCES, EPERM:
            return GPIOError(
                .permissionDenied,
                "\(what): permission denied; the daemon's user needs read-write access to /dev/gpiochip* "
                    + "(add it to the gpio group: `usermod -aG gpio looselycoupled`, and under systemd allow the device: "
                    + "DeviceAllow=char-gpiochip rw)",
                errno: errno)
        case EBUSY:
            return GPIOError(.lineBusy, "\(what): the line is busy (another consumer holds it)", errno: errno)
        case ENOENT:
            return GPIOError(.chipNotFound, "\(what): no such device", errno: errno)
        case ENODEV, ENOTTY:
            return GPIOError(
                .chipNotFound, "\(what): not a GPIO character device (check the path, e.g. /dev/gpiochip0)",
                errno: errno)
        case EINVAL, EOPNOTSUPP:
            return GPIOError(
                .unsupported,
                "\(what): the kernel refused the line settings (bias, active_low or edge detection may not be supported by this chip or kernel)",
                errno: errno)
        default:
            return GPIOError(.system, what, errno: errno)
        }
    }
}
