import ArgumentParser
import LooselyCoupled

/// `looselycoupled check`: validates the config without starting anything.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the config and exit: 0 with a one-line summary, or 1 with every error.",
        discussion: "Errors read FILE:LINE:COLUMN: KEY.PATH: message. Nothing is started and no hardware is touched.")

    @OptionGroup var config: ConfigOption

    func run() throws {
        let daemonConfig = try ConfigLoading.load(config.config)
        StandardStream.out(Self.summary(daemonConfig) + "\n")
    }

    /// `demo.yaml: OK, 2 modules: clock (timer), spare (timer, disabled)`.
    static func summary(_ config: DaemonConfig) -> String {
        let count = config.modules.count
        var text = "\(config.file): OK, \(count) module" + (count == 1 ? "" : "s")
        if count > 0 {
            text +=
                ": "
                + config.modules.map { "\($0.name) (\($0.type)" + ($0.enabled ? ")" : ", disabled)") }.joined(
                    separator: ", ")
        }
        return text
    }
}
