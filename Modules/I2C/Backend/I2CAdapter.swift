/// One open I2C bus, as the module's thread uses it: SMBus transactions through libi2c,
/// `I2C_RDWR` transfers, and the probes of a scan.
///
/// Not `Sendable`: the module thread that opened it is the only one that touches it, which
/// serialises every transfer on the bus. Higher-level reads (any length, 16-bit registers) are
/// planned by ``TransferPlanner`` and run through ``I2CBusIO`` on top of these primitives.
protocol I2CAdapter: AnyObject {
    /// The device path (`/dev/i2c-1`), as messages name the bus.
    var path: String { get }

    /// What the adapter can do, read with `I2C_FUNCS` when it was opened.
    var functionality: I2CFunctionality { get }

    /// Runs one SMBus transaction with the device at `address`.
    ///
    /// - Throws: ``I2CError`` with the kernel's errno and what to check.
    func smbus(_ transaction: SMBusTransaction, address: UInt16) throws(I2CError) -> SMBusResult

    /// Runs `messages` as one combined transfer (`I2C_RDWR`) and returns what each read
    /// message read, in order.
    ///
    /// - Throws: ``I2CError``; `unsupported` where the adapter lacks plain I2C.
    func transfer(_ messages: [I2CMessage]) throws(I2CError) -> [[UInt8]]

    /// Whether a kernel driver holds `address`, and which (i2cdetect's `UU`).
    func claim(of address: UInt16) -> I2CClaim

    /// Releases the kernel resources while the bus has nothing to do: the kernel can then
    /// remove the adapter (rmmod, a USB adapter unplugged). The next transfer opens it again.
    func release()
}

/// Whether a kernel driver is bound to an address.
enum I2CClaim: Sendable, Hashable {
    /// No driver: user space may talk to it.
    case free
    /// A driver is bound (`I2C_SLAVE` fails with `EBUSY`); its name from sysfs, if known.
    case kernel(driver: String?)
}

/// Where the module's buses come from: the kernel's i2c-dev devices or simulated buses.
protocol I2CBackend: Sendable {
    /// `hardware` or `simulated`, for logs and `list`.
    var name: String { get }

    /// The buses there are, for resolving a bus by adapter name and for error messages.
    func buses() -> [I2CBusInfo]

    /// Opens the bus at `path` and reads its functionality.
    ///
    /// - Throws: ``I2CError``: the bus is missing (with how to enable I2C), or access is denied
    ///   (with the group the user needs).
    func open(path: String) throws(I2CError) -> any I2CAdapter
}
