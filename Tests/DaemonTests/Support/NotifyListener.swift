import LooselyCoupled
import LooselyCoupledTestKit
import Synchronization

@testable import LooselyCoupledDaemon

#if canImport(Glibc)
    import Glibc
#endif

/// A datagram socket standing in for systemd's `NOTIFY_SOCKET`: collects what the daemon sends.
final class NotifyListener: Sendable {
    /// The address to put in `NOTIFY_SOCKET`.
    let address: String
    /// Each datagram's assignments (`READY=1`, `STATUS=…`), one item per assignment.
    let messages = Collector<String>()
    private let descriptor: Int32
    private let stopping = StopFlag()
    private let thread: OSThread

    /// Binds `address`: a path, or `@name` in the abstract namespace.
    init(address: String) throws {
        self.address = address
        guard let socketAddress = UnixSocketAddress(address) else {
            throw Subprocess.LaunchError(description: "bad address \(address)")
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0, socketAddress.withSockaddr({ bind(descriptor, $0, $1) }) == 0 else {
            throw Subprocess.LaunchError(description: "cannot bind \(address): errno \(errno)")
        }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.descriptor = descriptor
        let messages = self.messages
        let stopping = self.stopping
        thread = try OSThread.spawn(name: "test-notify") {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !stopping.isSet {
                let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { continue }
                for assignment in String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\n") {
                    messages.append(String(assignment))
                }
            }
        }
    }

    deinit {
        stopping.set()
        thread.join()
        close(descriptor)
        if !address.hasPrefix("@") { unlink(address) }
    }

    /// Waits until `count` messages equal to `message` have arrived.
    func wait(for message: String, count: Int = 1, timeout: Duration = .seconds(20)) async throws {
        let messages = self.messages
        let received = try await withTimeout(timeout, "for \(count) × \(message)") {
            await messages.wait { $0.filter { $0 == message }.count >= count }
        }
        guard received.filter({ $0 == message }).count >= count else { throw TimeoutError(what: "for \(message)") }
    }
}

/// A flag one thread sets and another polls.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}
