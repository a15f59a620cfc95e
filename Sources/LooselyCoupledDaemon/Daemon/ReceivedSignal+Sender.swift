import Logging
import LooselyCoupled

extension ReceivedSignal {
    /// Log metadata naming the sender: its pid, uid and command name (`/proc/PID/comm`, while the
    /// process exists), or `sender=kernel` for a signal no process sent (a terminal's ^C).
    var senderMetadata: Logger.Metadata {
        guard isFromProcess else { return ["sender": "kernel"] }
        var metadata: Logger.Metadata = ["sender_pid": "\(senderPID)", "sender_uid": "\(senderUID)"]
        if let command = Self.command(of: senderPID) { metadata["sender"] = "\(command)" }
        return metadata
    }

    /// The command name of process `pid`, escaped for the log, or `nil` if it has gone.
    private static func command(of pid: Int32) -> String? {
        guard let bytes = try? Files.read(atPath: "/proc/\(pid)/comm", limit: 64), !bytes.isEmpty else { return nil }
        let name = String(decoding: bytes.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        return name.escapingControlCharacters()
    }
}
