public import LooselyCoupled
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// What sets ``GPIOError`` apart from the other module types' errors: its own codes.
public enum GPIOErrors {}

/// Why a GPIO chip or line could not be opened, requested, read or written: the code, the
/// message naming the chip and line and what to check, and the errno (see ``DeviceError``).
public typealias GPIOError = DeviceError<GPIOErrors>

extension DeviceError.Code where Domain == GPIOErrors {
    /// No chip has the path, name or label asked for.
    public static var chipNotFound: Self { Self("chip_not_found") }
    /// The chip has no line of that offset or name.
    public static var lineNotFound: Self { Self("line_not_found") }
    /// Another consumer (program, kernel driver or module) holds the line.
    public static var lineBusy: Self { Self("line_busy") }
    /// What was asked is not available with this backend or library version.
    public static var unsupported: Self { Self("unsupported") }
    /// A requested line's chip went away (a USB adapter unplugged, its driver unbound).
    public static var chipGone: Self { Self("chip_gone") }
}

extension GPIOError {
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
