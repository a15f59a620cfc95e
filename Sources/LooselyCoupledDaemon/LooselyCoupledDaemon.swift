import ArgumentParser
public import LooselyCoupledCatalog

/// The `looselycoupled` command, as a library: a package of its own builds a daemon with its own
/// module types in a few lines.
///
/// ```swift
/// import LooselyCoupledCatalog
/// import LooselyCoupledDaemon
///
/// @main
/// struct MyDaemon {
///     static func main() async {
///         await LooselyCoupledDaemon.main(catalog: .builtIn + [ModuleType(Doorbell.self)])
///     }
/// }
/// ```
///
/// It parses the process's arguments as `looselycoupled` does (`run`, `check`, `status`, `call`,
/// `trigger`, `events`), runs the command with `catalog`, and exits with the command's status.
/// `examples/custom-daemon/` is such a package.
public enum LooselyCoupledDaemon {
    /// The catalog the commands run with; bound by ``main(catalog:)`` for the command's life.
    @TaskLocal static var catalog = ModuleCatalog.builtIn

    /// Runs the command line of this process with the module types of `catalog`, then exits.
    public static func main(catalog: ModuleCatalog = .builtIn) async {
        await $catalog.withValue(catalog) {
            await LooselyCoupledCommand.main()
        }
    }
}
