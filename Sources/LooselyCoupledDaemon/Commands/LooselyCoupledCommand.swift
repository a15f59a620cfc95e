import ArgumentParser

/// `looselycoupled`: the daemon (`run`, the default), `check`, and the control-socket clients.
struct LooselyCoupledCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "looselycoupled",
        abstract: "A home-automation controller daemon.",
        discussion: """
            Exit status: 0 success; 1 an error (invalid config, failed call, failed start); \
            2 the daemon is not running; 64 a usage error.
            """,
        subcommands: [
            RunCommand.self, CheckCommand.self, StatusCommand.self, CallCommand.self, TriggerCommand.self,
            EventsCommand.self, StatesCommand.self, SetCommand.self, TraceCommand.self,
        ],
        defaultSubcommand: RunCommand.self)
}
