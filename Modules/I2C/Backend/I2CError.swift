public import LooselyCoupled
import SystemPackage

/// What sets ``I2CError`` apart from the other module types' errors: its own codes.
public enum I2CErrors {}

/// Why an I2C bus could not be opened, or a transfer on it failed: the code, the message naming
/// the bus and address and what to check, and the kernel's errno (see ``DeviceError``).
public typealias I2CError = DeviceError<I2CErrors>

extension DeviceError.Code where Domain == I2CErrors {
    /// No bus has the number, path or adapter name asked for.
    public static var busNotFound: Self { Self("bus_not_found") }
    /// Nothing acknowledged the address (`ENXIO`, `EREMOTEIO`, `ENODEV`).
    public static var noDevice: Self { Self("no_device") }
    /// A kernel driver is bound to the address.
    public static var addressBusy: Self { Self("address_busy") }
    /// The adapter cannot do the transfer asked for (its `I2C_FUNCS` lack it), or it is too long.
    public static var unsupported: Self { Self("unsupported") }
    /// The bus or the device timed out (a device holding SDA low, clock stretching too long).
    public static var timedOut: Self { Self("timed_out") }
    /// The device answered, but is not what the config says (a wrong chip id).
    public static var wrongDevice: Self { Self("wrong_device") }
    /// The arguments of a transfer are invalid (an address or length out of range).
    public static var invalidArguments: Self { Self("invalid_arguments") }
}

extension I2CError {
    /// `EREMOTEIO`, which swift-system does not name: what most adapters (the Pi's among them)
    /// return when the address is not acknowledged.
    static let remoteIO = Errno(rawValue: 121)

    /// A failed transfer to `address` on `bus`, classified by `errno`, with the hint that fits.
    static func transfer(_ errno: Errno, bus: String, address: UInt16, _ what: String? = nil) -> I2CError {
        let at = "\(I2CAddress.hex(address)) on \(bus)"
        let doing = what.map { "\($0): " } ?? ""
        switch errno {
        case .noSuchAddressOrDevice, remoteIO, .operationNotSupportedByDevice:
            return I2CError(
                .noDevice, "\(doing)no device answered at \(at): check wiring, address and pull-ups", errno: errno)
        case .timedOut:
            return I2CError(
                .timedOut,
                "\(doing)the transfer to \(at) timed out: a device may be holding the bus (SDA) low; power-cycle it and check the wiring",
                errno: errno)
        case .notSupported, .invalidArgument:
            return I2CError(
                .unsupported, "\(doing)the adapter of \(bus) refused the transfer to \(at) (it may not support it)",
                errno: errno)
        case .ioError:
            return I2CError(.system, "\(doing)I/O error talking to \(at): check wiring and pull-ups", errno: errno)
        default:
            return I2CError(.system, "\(doing)the transfer to \(at) failed", errno: errno)
        }
    }

    /// A failure opening the bus at `path`.
    static func open(_ errno: Errno, path: String, buses: [I2CBusInfo]) -> I2CError {
        switch errno {
        case .permissionDenied, .notPermitted:
            return I2CError(
                .permissionDenied,
                "cannot open \(path): permission denied; the daemon's user needs the i2c group "
                    + "(`usermod -aG i2c looselycoupled`, then restart it), and under systemd DeviceAllow=char-i2c rw",
                errno: errno)
        case .noSuchFileOrDirectory, .operationNotSupportedByDevice, .noSuchAddressOrDevice:
            return busNotFound("no I2C bus \(path)", buses: buses, errno: errno)
        default:
            return I2CError(.system, "cannot open the I2C bus \(path)", errno: errno)
        }
    }

    /// No bus of that name: says how to enable I2C and which buses there are.
    static func busNotFound(_ what: String, buses: [I2CBusInfo], errno: Errno? = nil) -> I2CError {
        let present =
            buses.isEmpty
            ? "there is no I2C bus at all" : "buses present: " + buses.map(\.summary).joined(separator: ", ")
        return I2CError(
            .busNotFound,
            "\(what) (\(present)); is the I2C interface enabled (dtparam=i2c_arm=on in /boot/firmware/config.txt, "
                + "or raspi-config → Interface Options → I2C) and the i2c-dev module loaded (`modprobe i2c-dev`)?",
            errno: errno)
    }

    /// `I2C_SLAVE` refused with `EBUSY`: a kernel driver is bound to the address.
    static func addressBusy(bus: String, address: UInt16, driver: String?, errno: Errno) -> I2CError {
        let who = driver.map { "the kernel driver \($0)" } ?? "a kernel driver"
        return I2CError(
            .addressBusy,
            "\(I2CAddress.hex(address)) on \(bus) is in use by \(who): read it through the driver, or unbind the driver from the address",
            errno: errno)
    }
}
