import LooselyCoupled
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A terminal device opened by ``HardwareSerial``: non-blocking reads and writes on its
/// descriptor, closed when released.
final class HardwarePort: SerialPort {
    let descriptor: FileDescriptor
    /// The configured path, which ``vanished()`` checks.
    let path: String
    let device: String
    /// The device number (`st_rdev`) opened, to tell when the path leads elsewhere.
    let deviceNumber: dev_t
    let settings: SerialSettings

    init(descriptor: FileDescriptor, path: String, device: String, deviceNumber: dev_t, settings: SerialSettings) {
        self.descriptor = descriptor
        self.path = path
        self.device = device
        self.deviceNumber = deviceNumber
        self.settings = settings
    }

    deinit {
        try? descriptor.close()
    }

    var pollDescriptor: Int32 { descriptor.rawValue }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SerialError) -> Int {
        let count: Int?
        do {
            count = try descriptor.readPending(into: buffer)
        } catch {
            throw failure(error, "cannot read")
        }
        // With VMIN 1 a read returns 0 only on a hung-up terminal (see Termios.apply).
        guard let count else {
            throw SerialError(.disconnected, "\(label): the line was hung up (the device closed it, or was unplugged)")
        }
        return count
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SerialError) -> Int {
        do {
            return try descriptor.write(bytes, retryOnInterrupt: true)
        } catch {
            if (error as? Errno) == .resourceTemporarilyUnavailable { return 0 }
            throw failure(error, "cannot write")
        }
    }

    func vanished() -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = Errno(rawValue: errno)
            return code == .noSuchFileOrDirectory
                ? "\(path) vanished (the adapter was unplugged)" : "\(path) cannot be checked: \(code)"
        }
        guard status.st_rdev == deviceNumber else { return "\(path) leads to another device now" }
        return nil
    }

    private var label: String { HardwareSerial.label(path, device) }

    /// EAGAIN is "nothing now", which the callers see as 0 (they only read or write after poll
    /// said they could, but another reader or a driver may take the bytes first); EIO, ENODEV
    /// and ENXIO mean the device is gone.
    private func failure(_ error: any Error, _ what: String) -> SerialError {
        let errno = error as? Errno ?? .ioError
        switch errno {
        case .ioError, .operationNotSupportedByDevice, .noSuchAddressOrDevice:
            return SerialError(
                .disconnected, "\(label): \(what): the device is gone (unplugged, or the other side closed it)",
                errno: errno)
        default:
            return SerialError.system(errno, "\(label): \(what)")
        }
    }
}
