/// Where a serial module's port comes from: a terminal device through termios
/// (``HardwareSerial``) or a scripted device in the process (``SimulatedSerial``).
///
/// Both give the module the same kind of port: a descriptor to poll, non-blocking reads and
/// writes, the settings read back, and a way to tell that the device went away.
public protocol SerialBackend: Sendable {
    /// `hardware (termios)` or `simulated`, for logs and `status`.
    var name: String { get }

    /// Opens the port at `path` (following symlinks such as `/dev/serial/by-id/…` now, so a
    /// device that came back under another name is found) and applies `settings`.
    ///
    /// - Parameters:
    ///   - path: The device path of the config.
    ///   - settings: The line settings; every one is read back and checked.
    ///   - exclusive: Whether no other process may open the port while this one holds it.
    /// - Throws: ``SerialError``: the device is missing, not a terminal, busy (naming who holds
    ///   it where that can be found), not accessible, or its driver refused a setting.
    func open(_ path: String, settings: SerialSettings, exclusive: Bool) throws(SerialError) -> any SerialPort
}

/// One open port. Closed when released.
///
/// Not `Sendable`: a port is opened, used and closed by its module's actor alone.
public protocol SerialPort: AnyObject {
    /// The device the path led to when it was opened (`/dev/ttyUSB0` for a by-id link).
    var device: String { get }

    /// The settings as the driver reports them after the open.
    var settings: SerialSettings { get }

    /// The descriptor to `poll` for `POLLIN` and `POLLOUT`; hang-ups show as `POLLHUP`.
    var pollDescriptor: Int32 { get }

    /// Reads what is pending without blocking.
    ///
    /// - Returns: The byte count; 0 when nothing is pending.
    /// - Throws: ``SerialError`` with code `disconnected` once the device is gone (hang-up,
    ///   EIO, ENODEV), or another error.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SerialError) -> Int

    /// Writes what the port takes now without blocking.
    ///
    /// - Returns: The byte count taken; 0 when the port takes nothing now.
    /// - Throws: ``SerialError`` as ``read(into:)``.
    func write(_ bytes: UnsafeRawBufferPointer) throws(SerialError) -> Int

    /// Why the device is gone although the descriptor has not said so, such as its path
    /// vanishing or leading to another device now; `nil` while it is there.
    func vanished() -> String?
}
