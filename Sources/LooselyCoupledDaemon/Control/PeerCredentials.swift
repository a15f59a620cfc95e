import CPOSIX
import Logging

/// Who is at the other end of a control connection, as the kernel says (SO_PEERCRED): the
/// daemon logs it for every request that stops or reloads it, since the socket's permissions
/// are all that guard those.
struct PeerCredentials: Sendable, Equatable {
    var pid: Int32
    var uid: UInt32
    var gid: UInt32

    /// The peer of the connected Unix socket `descriptor`, or `nil` if the kernel will not say.
    init?(socket descriptor: Int32) {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
        guard lc_peer_credentials(descriptor, &pid, &uid, &gid) == 0 else { return nil }
        (self.pid, self.uid, self.gid) = (pid, uid, gid)
    }

    /// Log metadata naming the peer.
    var metadata: Logger.Metadata {
        ["peer_pid": "\(pid)", "peer_uid": "\(uid)", "peer_gid": "\(gid)"]
    }
}
