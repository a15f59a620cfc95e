public import LooselyCoupled
import SystemPackage

/// What sets ``SerialError`` apart from the other module types' errors: its own codes.
public enum SerialErrors {}

/// Why a serial port could not be opened, configured, read or written, or a write or request
/// did not complete: the code, the message naming the device and what to check, and the errno (see ``DeviceError``).
public typealias SerialError = DeviceError<SerialErrors>

extension DeviceError.Code where Domain == SerialErrors {
    /// Nothing is at the device path (the adapter is unplugged, or the name is wrong).
    public static var deviceNotFound: Self { Self("device_not_found") }
    /// Another process holds the port exclusively.
    public static var busy: Self { Self("busy") }
    /// The path is no terminal (no serial port).
    public static var notATerminal: Self { Self("not_a_terminal") }
    /// The driver did not take a setting: it refused it or set another value.
    public static var settingRefused: Self { Self("setting_refused") }
    /// The port is closed (unplugged); the module reopens it by itself.
    public static var disconnected: Self { Self("disconnected") }
    /// A write or request did not complete in time.
    public static var timeout: Self { Self("timeout") }
    /// The module stopped before the write or request completed.
    public static var stopped: Self { Self("stopped") }
}

extension SerialError {
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
