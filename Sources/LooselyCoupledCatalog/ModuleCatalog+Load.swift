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

    /// Runs each module type's own checks, then, for the modules without problems, the checks
    /// of what they refer to in the others (a controller's calls and entities), against what
    /// every module declares from its config. Their problems point at the node their path
    /// names, found by parsing the file again (only when there is a problem); failing that, at
    /// the module's name.
    ///
    /// Disabled modules are among the declared ones: a rule that names one is not wrong, only
    /// idle until the module is enabled (its calls fail at run time, with the error logged).
    private func check(_ config: DaemonConfig, source: () -> String?) throws(ConfigErrors) {
        var located: [(entry: DaemonConfig.ModuleEntry, problem: ModuleType.Problem)] = []
        var sound: [(DaemonConfig.ModuleEntry, ModuleType)] = []
        for entry in config.modules {
            guard let type = self[entry.type] else { continue }
            let problems = type.check(entry.config)
            located += problems.map { (entry, $0) }
            if problems.isEmpty { sound.append((entry, type)) }
        }
        let declared = DeclaredModules(
            config.modules.map { entry in
                let type = self[entry.type]
                let fine = sound.contains { $0.0.name.hasSameCodePoints(as: entry.name) }
                return DeclaredModule(
                    name: entry.name, typeName: entry.type, methods: type?.methodNames ?? [],
                    entities: fine ? type?.entities(entry.config) : nil)
            })
        for (entry, type) in sound {
            located += type.checkReferences(entry.config, declared).map { (entry, $0) }
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
