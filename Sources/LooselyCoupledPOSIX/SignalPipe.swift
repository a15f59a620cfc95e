import CPOSIX
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A signal as the kernel delivered it, with who sent it.
package struct ReceivedSignal: Sendable, Equatable, CustomStringConvertible {
    /// The signal number (`SIGTERM`, …).
    package let number: Int32
    /// `si_code`: `SI_USER` for kill(2), `SI_QUEUE` for sigqueue(3), `SI_KERNEL` for a terminal's ^C.
    package let code: Int32
    /// The sending process and its real uid, when a process sent it.
    package let senderPID: Int32
    package let senderUID: UInt32

    /// `SIGTERM`, `SIGINT`, `SIGHUP`, or `signal N`.
    package var description: String {
        switch number {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGHUP: "SIGHUP"
        default: "signal \(number)"
        }
    }

    /// Whether a process sent it (kill, sigqueue, systemctl), so `senderPID` names it.
    package var isFromProcess: Bool { (code == SI_USER || code == SI_QUEUE) && senderPID > 0 }
}

/// The process's signals as a stream, each with its sender, read on a thread of its own from a
/// pipe the signal handler writes (``lc_signal_pipe_install``): unlike a signal sequence built on
/// `sigwait` or a dispatch source, it keeps the `siginfo` that names who sent the signal.
///
/// The handlers are installed by `init` and stay for the process's life; their default actions
/// (SIGHUP's and SIGTERM's end the process) do not come back. The reading thread ends when the
/// stream's consumer goes away.
package final class SignalPipe: Sendable {
    package let signals: AsyncStream<ReceivedSignal>
    private let reader: OSThread

    /// Installs handlers for `numbers`.
    ///
    /// - Throws: ``SystemError`` when a handler or the pipe cannot be made; `OSThread.SpawnError`
    ///   when the reading thread cannot start.
    package init(trapping numbers: [Int32]) throws {
        let descriptor = numbers.withUnsafeBufferPointer { lc_signal_pipe_install($0.baseAddress, Int32($0.count)) }
        guard descriptor >= 0 else { throw SystemError("install the signal handlers", errno: errno) }
        let (signals, continuation) = AsyncStream.makeStream(of: ReceivedSignal.self)
        let finished = Locked(false)
        continuation.onTermination = { _ in
            finished.withLock { $0 = true }
            _ = lc_signal_pipe_wake()
        }
        self.signals = signals
        reader = try OSThread.spawn(name: "lc-signals") {
            var record = lc_signal_record()
            while !finished.withLock({ $0 }) {
                let count: Result<Int, Errno> = Result { () throws(Errno) in
                    try Files.errno {
                        try withUnsafeMutableBytes(of: &record) {
                            try FileDescriptor(rawValue: descriptor).read(into: $0)
                        }
                    }
                }
                if case .success(MemoryLayout<lc_signal_record>.size) = count {
                    if record.signal != 0 {
                        continuation.yield(
                            ReceivedSignal(
                                number: record.signal, code: record.code, senderPID: record.sender_pid,
                                senderUID: record.sender_uid))
                    }
                } else if case .failure(.resourceTemporarilyUnavailable) = count {
                    _ = try? pollForever([(descriptor, Int16(POLLIN))])
                } else {
                    // A pipe that fails or ends cannot carry signals any more: nothing to wait for.
                    return
                }
            }
        }
    }
}
