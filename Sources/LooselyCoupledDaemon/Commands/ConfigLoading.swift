import ArgumentParser
import LooselyCoupled
import LooselyCoupledCatalog

/// Loads the config the way `run` and `check` share: every problem printed to stderr, one per
/// line, then exit status 1.
enum ConfigLoading {
    static func load(_ path: String, catalog: ModuleCatalog = LooselyCoupledDaemon.catalog) throws -> DaemonConfig {
        do {
            return try catalog.load(path: path)
        } catch {
            StandardStream.error(error.description + "\n")
            throw ExitCode.failure
        }
    }
}
