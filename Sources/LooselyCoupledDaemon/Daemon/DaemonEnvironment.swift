#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// What systemd tells the daemon through its environment, read once at start-up.
struct DaemonEnvironment: Sendable {
    /// `NOTIFY_SOCKET`: where `READY=1` and friends go (`@name` for an abstract socket).
    var notifySocket: String?
    /// Half of `WATCHDOG_USEC`: how often to send `WATCHDOG=1`; `nil` without a watchdog for
    /// this process (`WATCHDOG_PID` names another).
    var watchdogInterval: Duration?
    /// Whether stderr is the journal (`JOURNAL_STREAM` names stderr's device and inode).
    var stderrIsJournal: Bool

    /// Reads the variables and removes the notify and watchdog ones, so that processes the
    /// daemon starts do not talk to systemd in its name. Call first thing in `run`, before the
    /// daemon starts any work of its own: `unsetenv` races with readers of the environment.
    static func take() -> DaemonEnvironment {
        let notifySocket = variable("NOTIFY_SOCKET").flatMap { $0.isEmpty ? nil : $0 }
        var watchdogInterval: Duration?
        if let text = variable("WATCHDOG_USEC"), let microseconds = Int64(text), microseconds > 0 {
            let pid = variable("WATCHDOG_PID").flatMap { Int32($0) }
            if pid == nil || pid == getpid() {
                watchdogInterval = .microseconds(microseconds / 2)
            }
        }
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"] { unsetenv(name) }
        return DaemonEnvironment(
            notifySocket: notifySocket, watchdogInterval: watchdogInterval,
            stderrIsJournal: isJournal(variable("JOURNAL_STREAM")))
    }

    /// Whether `journalStream` (`DEVICE:INODE`) is the file stderr is connected to, as
    /// systemd.exec(5) asks: a child with stderr redirected must not take journal syntax.
    static func isJournal(_ journalStream: String?) -> Bool {
        guard let journalStream else { return false }
        let parts = journalStream.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var status = stat()
        guard fstat(STDERR_FILENO, &status) == 0 else { return false }
        return UInt64(status.st_dev) == device && UInt64(status.st_ino) == inode
    }

    private static func variable(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
