import CPOSIX
import LooselyCoupledTestKit

#if canImport(Glibc)
    import Glibc
#endif

/// A pseudo-terminal pair from `openpty`: the module opens the terminal side by its path, and
/// the test plays the device on the controlling side — a real serial port to termios.
final class PseudoTerminal: @unchecked Sendable {
    // Unchecked: the descriptors are fixed at init, and reads and writes on a descriptor are
    // safe from any thread; `close` is called once, by the test, after its readers ended.

    /// The controlling ("master") side, which the test reads and writes as the device.
    let controller: Int32
    /// The terminal's path, `/dev/pts/N`.
    let path: String
    private var closed = false

    /// The test's own descriptor of the terminal side, kept open: while no descriptor of it is
    /// open, the controlling side reads as hung up, which a real device never sees.
    let terminal: Int32

    /// Opens a pair.
    init() throws {
        var controller: Int32 = -1
        var terminal: Int32 = -1
        var name = [CChar](repeating: 0, count: 128)
        guard openpty(&controller, &terminal, &name, nil, nil) == 0 else {
            throw TestFailure("openpty failed: errno \(errno)")
        }
        // Close-on-exec, so the daemons other tests start do not inherit the device's side and
        // keep the terminal from hanging up when this test closes it.
        _ = fcntl(controller, F_SETFD, FD_CLOEXEC)
        _ = fcntl(terminal, F_SETFD, FD_CLOEXEC)
        self.controller = controller
        self.path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Raw on the device's side too, so nothing the test reads back is translated.
        var raw = termios()
        tcgetattr(terminal, &raw)
        cfmakeraw(&raw)
        tcsetattr(terminal, TCSANOW, &raw)
        self.terminal = terminal
        _ = fcntl(controller, F_SETFL, fcntl(controller, F_GETFL) | O_NONBLOCK)
    }

    deinit { close() }

    /// Closes the device's side: the module's terminal hangs up, as on an unplugged adapter.
    func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(controller)
        Glibc.close(terminal)
    }

    /// Sends `bytes` as the device; blocks while the pty's buffer is full (call it from a plain
    /// thread for more than a few hundred bytes).
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { Glibc.write(controller, $0.baseAddress, $0.count) }
            if count < 0 {
                guard errno == EAGAIN || errno == EINTR else {
                    throw TestFailure("write to the pty failed: errno \(errno)")
                }
                var descriptor = pollfd(fd: controller, events: Int16(POLLOUT), revents: 0)
                _ = poll(&descriptor, 1, 100)
                continue
            }
            offset += count
        }
    }

    /// Sends `text` as UTF-8.
    func send(_ text: String) throws { try send(Array(text.utf8)) }

    /// Reads what the module wrote until `count` bytes are there; fails after `timeout`. Blocks:
    /// call it from a plain thread.
    func receive(count: Int, timeout: Duration = .seconds(10)) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < count {
            guard ContinuousClock.now < deadline else {
                throw TestFailure("read \(bytes.count) of \(count) bytes from the pty: \(bytes)")
            }
            var descriptor = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, 50)
            let got = buffer.withUnsafeMutableBytes {
                Glibc.read(controller, $0.baseAddress, min($0.count, count - bytes.count))
            }
            if got > 0 { bytes += buffer[0..<got] }
        }
        return bytes
    }

    /// The terminal's settings as the kernel holds them, read through the test's own descriptor.
    func terminalSettings() throws -> (termios: termios, exclusive: Int32) {
        let descriptor = terminal
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else { throw TestFailure("tcgetattr failed: errno \(errno)") }
        return (settings, lc_terminal_is_exclusive(descriptor))
    }
}

/// A test's own failure, with what went wrong.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Points the symlink `link` at `target`, replacing what it pointed at (as udev replaces a
/// /dev/serial/by-id link when the adapter comes back).
func pointLink(_ link: String, at target: String) {
    unlink(link)
    symlink(target, link)
}
