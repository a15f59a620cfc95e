public import LooselyCoupled

extension ModuleCatalog {
    /// Reads and validates the config file at `path`: syntax, the schema of every module's type,
    /// and the checks of each type beyond its schema.
    ///
    /// - Throws: ``ConfigErrors``, one line per problem as `FILE:LINE:COLUMN: KEY.PATH: message`.
    public func load(path: String) throws(ConfigErrors) -> DaemonConfig {
        let config = try DaemonConfig.load(path: path, knownTypes: schemas)
        try check(config) { ConfigSource.text(ofFile: path) }
        return config
    }

    /// Validates config `text` as if read from `file`, as ``load(path:)`` does.
    ///
    /// - Throws: ``ConfigErrors`` with every problem.
    public func parse(_ text: String, file: String) throws(ConfigErrors) -> DaemonConfig {
        let config = try DaemonConfig.parse(text, file: file, knownTypes: schemas)
        try check(config) { text }
        return config
    }

    /// Runs each module type's own checks. Their problems point at the node their path names,
    /// found by parsing the file again (only when there is a problem); failing that, at the
    /// module's name.
    private func check(_ config: DaemonConfig, source: () -> String?) throws(ConfigErrors) {
        var located: [(entry: DaemonConfig.ModuleEntry, problem: ModuleType.Problem)] = []
        for entry in config.modules {
            guard let type = self[entry.type] else { continue }
            located += type.check(entry.config).map { (entry, $0) }
        }
        guard !located.isEmpty else { return }
        let root = source().flatMap { try? YAMLParser.parse($0, file: config.file) }
        throw ConfigErrors(
            located.map { entry, problem in
                let modulePath = ConfigPath([.key("modules"), .key(entry.name)])
                let path = ConfigPath(modulePath.components + problem.path.components)
                let mark = root.flatMap { ConfigSource.node(at: path, in: $0)?.mark } ?? entry.mark
                return ConfigError(code: .badValue, file: config.file, mark: mark, path: path, message: problem.message)
            })
    }
}
