public import SystemPackage

/// Why a serial port could not be opened, configured, read or written, or why a write or a
/// request did not complete.
///
/// The message names the device and says what to check; ``errno`` keeps the system's own
/// reason where a system call failed.
public struct SerialError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; compare with the static members. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) { self.name = name }

        /// Nothing is at the device path (the adapter is unplugged, or the name is wrong).
        public static let deviceNotFound = Code("device_not_found")
        /// The daemon's user may not open the device.
        public static let permissionDenied = Code("permission_denied")
        /// Another process holds the port exclusively.
        public static let busy = Code("busy")
        /// The path is no terminal (no serial port).
        public static let notATerminal = Code("not_a_terminal")
        /// The driver did not take a setting: it refused it or set another value.
        public static let settingRefused = Code("setting_refused")
        /// The port is closed (unplugged); the module reopens it by itself.
        public static let disconnected = Code("disconnected")
        /// A write or request did not complete in time.
        public static let timeout = Code("timeout")
        /// The module stopped before the write or request completed.
        public static let stopped = Code("stopped")
        /// Any other system error; ``SerialError/errno`` says which.
        public static let system = Code("system")

        /// The snake_case name.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, naming the device, and what to check.
    public var message: String
    /// The system's reason, when a system call failed.
    public var errno: Errno?

    /// An error of `code` explained by `message`, keeping `errno` if a system call failed.
    public init(_ code: Code, _ message: String, errno: Errno? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    /// The message, then the system's reason: `… [Device or resource busy (errno 16)]`.
    public var description: String {
        guard let errno else { return message }
        return "\(message) [\(errno) (errno \(errno.rawValue))]"
    }

    /// An error from a failed system call on `device`, classified, with the hint that fits.
    ///
    /// - Parameters:
    ///   - errno: The error, read straight after the failing call.
    ///   - what: What was being done, naming the device (`cannot open /dev/ttyUSB0`).
    static func system(_ errno: Errno, _ what: String) -> SerialError {
        switch errno {
        case .permissionDenied, .notPermitted:
            return SerialError(
                .permissionDenied,
                "\(what): permission denied; the daemon's user needs read-write access to the port (add it to the dialout group: "
                    + "`usermod -aG dialout looselycoupled`; under systemd the unit's DeviceAllow= must list the device's kind)",
                errno: errno)
        case .noSuchFileOrDirectory:
            return SerialError(
                .deviceNotFound,
                "\(what): no such device (is the adapter plugged in? `ls -l /dev/serial/by-id/` lists the ports there are)",
                errno: errno)
        case .noSuchAddressOrDevice, .operationNotSupportedByDevice:
            return SerialError(
                .deviceNotFound,
                "\(what): no port behind this device node (its adapter is gone, or the driver has no port there)",
                errno: errno)
        case .inappropriateIOCTLForDevice:
            return SerialError(
                .notATerminal, "\(what): not a serial port (the path is no terminal device)", errno: errno)
        case .resourceBusy:
            return SerialError(.busy, "\(what): the port is busy", errno: errno)
        default:
            return SerialError(.system, what, errno: errno)
        }
    }
}
