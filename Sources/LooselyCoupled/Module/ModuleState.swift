/// Where a module is in its lifecycle.
public enum ModuleState: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// Not started, or stopped.
    case inactive
    /// ``Module/start()`` is running.
    case starting
    /// Started: receives calls and events, does not send.
    case passive
    /// Receives and sends.
    case active
    /// ``Module/stop()`` is running.
    case stopping
    /// The last start failed; a retry is scheduled with backoff.
    case failed

    /// Whether calls and events are delivered in this state.
    public var isReceiving: Bool { self == .passive || self == .active }

    /// The error or value in one line, as logs and error replies show it.
    public var description: String {
        switch self {
        case .inactive: "inactive"
        case .starting: "starting"
        case .passive: "passive"
        case .active: "active"
        case .stopping: "stopping"
        case .failed: "failed"
        }
    }
}
