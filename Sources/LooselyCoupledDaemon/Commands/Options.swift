import ArgumentParser
import Logging
import LooselyCoupled

/// `--config PATH`.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The config file.", valueName: "path"))
    var config: String = DaemonConfig.defaultPath

    func validate() throws {
        guard !config.isEmpty else { throw ValidationError("--config needs a path") }
    }
}

/// `--control-socket PATH`.
struct ControlSocketOption: ParsableArguments {
    /// Where the daemon listens unless told otherwise.
    static let defaultPath = "/run/looselycoupled/control.sock"

    @Option(name: .customLong("control-socket"), help: ArgumentHelp("The daemon's control socket.", valueName: "path"))
    var path: String = ControlSocketOption.defaultPath

    func validate() throws {
        guard !path.hasPrefix("@"), UnixSocketAddress(path) != nil else {
            throw ValidationError("--control-socket needs a path of 1 to \(UnixSocketAddress.maximumPathLength) bytes")
        }
    }
}

/// `--timeout SECONDS`: how long `call` and `set` wait for the module's answer.
struct TimeoutOption: ParsableArguments {
    @Option(help: ArgumentHelp("How long to wait for the module's answer, in seconds.", valueName: "seconds"))
    var timeout: Double = 10

    func validate() throws {
        guard timeout > 0, timeout <= 3600 else {
            throw ValidationError("--timeout must be above 0 and at most 3600 seconds")
        }
    }
}

/// A swift-log level as the command line names it.
enum LogLevel: String, CaseIterable, ExpressibleByArgument {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }
}

/// A queue priority as the command line names it.
enum PriorityArgument: String, CaseIterable, ExpressibleByArgument {
    case highest, high, normal, low, lowest
}

extension ExitCode {
    /// The daemon is not running (nothing listens on the control socket).
    static let notRunning = ExitCode(2)
}
