import ArgumentParser
import Logging
import LooselyCoupled

/// `looselycoupled run`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon (the default command).",
        discussion: """
            Runs the modules of the config until SIGTERM or SIGINT, then shuts them down in \
            reverse order and exits 0. Speaks sd_notify when systemd gives NOTIFY_SOCKET.
            """)

    @OptionGroup var config: ConfigOption

    @Flag(help: "Use the simulated backend of every hardware module (as if each had backend: simulated).")
    var simulate = false

    @Option(help: ArgumentHelp("The lowest level logged; overrides logging.level.", valueName: "level"))
    var logLevel: LogLevel?

    @OptionGroup var controlSocket: ControlSocketOption

    func run() async throws {
        // First, before the daemon starts any work: this edits the environment.
        let environment = DaemonEnvironment.take()
        let daemonConfig = try ConfigLoading.load(config.config)
        let format = LogLineFormat(style: daemonConfig.logging.format, journal: environment.stderrIsJournal)
        let level = logLevel?.level ?? daemonConfig.logging.level
        StderrLogHandler.setLevel(level)
        LoggingSystem.bootstrap { label in StderrLogHandler(label: label, format: format) }
        var daemon = Daemon(
            config: daemonConfig, simulate: simulate, controlSocket: controlSocket.path, environment: environment)
        daemon.levelIsFixed = logLevel != nil
        try await daemon.run()
    }
}
