public import SystemPackage

/// Why an I2C bus could not be opened, or a transfer on it failed.
///
/// The message names the bus and address concerned and says what to check; ``errno`` keeps
/// the kernel's own reason where there is one.
public struct I2CError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; compare with the static members. New codes may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) { self.name = name }

        /// No bus has the number, path or adapter name asked for.
        public static let busNotFound = Code("bus_not_found")
        /// The daemon's user may not open the bus.
        public static let permissionDenied = Code("permission_denied")
        /// Nothing acknowledged the address (`ENXIO`, `EREMOTEIO`, `ENODEV`).
        public static let noDevice = Code("no_device")
        /// A kernel driver is bound to the address.
        public static let addressBusy = Code("address_busy")
        /// The adapter cannot do the transfer asked for (its `I2C_FUNCS` lack it), or it is too long.
        public static let unsupported = Code("unsupported")
        /// The bus or the device timed out (a device holding SDA low, clock stretching too long).
        public static let timedOut = Code("timed_out")
        /// The device answered, but is not what the config says (a wrong chip id).
        public static let wrongDevice = Code("wrong_device")
        /// The arguments of a transfer are invalid (an address or length out of range).
        public static let invalidArguments = Code("invalid_arguments")
        /// Any other system error; ``I2CError/errno`` says which.
        public static let system = Code("system")

        /// The snake_case name.
        public var description: String { name }
    }

    /// The kind of failure.
    public var code: Code
    /// What failed, with the bus and address, and what to check.
    public var message: String
    /// The kernel's error number, if a system call failed.
    public var errno: Errno?

    /// An error of `code` explained by `message`, keeping `errno` if a system call failed.
    public init(_ code: Code, _ message: String, errno: Errno? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    /// The message, then the system's reason when there is one: `…: [Remote I/O error (errno 121)]`.
    public var description: String {
        guard let errno else { return message }
        return "\(message) [\(errno) (errno \(errno.rawValue))]"
    }
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
