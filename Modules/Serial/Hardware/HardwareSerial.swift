import CPOSIX
public import LooselyCoupled
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Serial ports through the kernel's terminal drivers (8250 UARTs, the Pi's PL011, USB adapters
/// such as FTDI, CP210x, CH340, CDC-ACM boards) and pseudo-terminals.
///
/// Each open follows the configured path's symlinks anew (`/dev/serial/by-id/…` leads to
/// whichever `ttyUSBn` the adapter has now), opens the device non-blocking without making it
/// the controlling terminal, takes it exclusively with `TIOCEXCL` if asked, puts it in raw mode
/// with the settings, and reads them back: a driver that kept another value for any of them
/// fails the open with an error naming the setting and the device.
public struct HardwareSerial: SerialBackend {
    /// The termios backend.
    public init() {}

    /// How logs and `status` name the backend.
    public var name: String { "hardware (termios)" }

    /// Opens the port at `path` with `settings` (see ``SerialBackend/open(_:settings:exclusive:)``).
    public func open(_ path: String, settings: SerialSettings, exclusive: Bool) throws(SerialError) -> any SerialPort {
        let device = try Self.resolve(path)
        let label = Self.label(path, device)
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(
                FilePath(device), .readWrite,
                options: [.nonBlocking, .closeOnExec, FileDescriptor.OpenOptions(rawValue: O_NOCTTY)],
                retryOnInterrupt: true)
        } catch {
            let errno = error as? Errno ?? .ioError
            if errno == .resourceBusy {
                let holder = PortHolder.describe(holding: device)
                throw SerialError(
                    .busy,
                    "cannot open \(label): the port is busy, held exclusively by "
                        + (holder ?? "another process (`fuser -v \(device)` as root names it)"),
                    errno: errno)
            }
            throw SerialError.system(errno, "cannot open \(label)")
        }
        do throws(SerialError) {
            let actual = try Self.configure(descriptor, settings: settings, exclusive: exclusive, label: label)
            var status = stat()
            guard fstat(descriptor.rawValue, &status) == 0 else {
                throw SerialError.system(Errno(rawValue: errno), "cannot stat \(label)")
            }
            return HardwarePort(
                descriptor: descriptor, path: path, device: device, deviceNumber: status.st_rdev, settings: actual)
        } catch {
            try? descriptor.close()
            throw error
        }
    }

    /// The device `path` leads to now, its symlinks followed.
    static func resolve(_ path: String) throws(SerialError) -> String {
        guard let resolved = realpath(path, nil) else {
            throw SerialError.system(Errno(rawValue: errno), "cannot open \(path)")
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `/dev/serial/by-id/usb-FTDI… (/dev/ttyUSB0)`, or the path alone when it is the device.
    static func label(_ path: String, _ device: String) -> String {
        path == device ? path : "\(path) (\(device))"
    }

    /// Takes the port exclusively if asked, applies raw mode and `settings`, and returns the
    /// settings read back, which must be the ones asked for.
    private static func configure(
        _ descriptor: FileDescriptor, settings: SerialSettings, exclusive: Bool, label: String
    ) throws(SerialError) -> SerialSettings {
        var current = termios()
        guard tcgetattr(descriptor.rawValue, &current) == 0 else {
            throw SerialError.system(Errno(rawValue: errno), "cannot read the terminal settings of \(label)")
        }
        if exclusive, lc_terminal_set_exclusive(descriptor.rawValue, 1) != 0 {
            throw SerialError.system(Errno(rawValue: errno), "cannot take \(label) exclusively (TIOCEXCL)")
        }
        guard var wanted = Termios.apply(settings, to: &current) else {
            throw SerialError(
                .settingRefused,
                "\(label): baud \(settings.baud) is not a rate Linux offers (\(BaudRate.rates.map(String.init).joined(separator: ", ")))"
            )
        }
        while tcsetattr(descriptor.rawValue, TCSANOW, &wanted) != 0 {
            let code = Errno(rawValue: errno)
            if code == .interrupted { continue }
            throw SerialError(.settingRefused, "\(label): the driver refused the settings \(settings)", errno: code)
        }
        var readBack = termios()
        guard tcgetattr(descriptor.rawValue, &readBack) == 0 else {
            throw SerialError.system(Errno(rawValue: errno), "cannot read back the terminal settings of \(label)")
        }
        let actual = Termios.settings(of: readBack)
        let differences = settings.differences(in: actual)
        guard differences.isEmpty else {
            let list = differences.map { "\($0.key) \($0.wanted) (it kept \($0.got))" }.joined(separator: ", ")
            throw SerialError(
                .settingRefused,
                "\(label): the driver did not take \(list); this port or its driver cannot do that setting, so choose one it supports"
            )
        }
        return actual
    }
}
