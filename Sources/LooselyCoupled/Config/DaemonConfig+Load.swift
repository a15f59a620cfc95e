import Logging

extension DaemonConfig {
    /// Reads and validates the daemon's config file, reporting every problem at once.
    ///
    /// - Parameters:
    ///   - path: The file, as the user gave it; error messages name it so.
    ///   - knownTypes: The schema of each module type by its `type:` name; the core knows none.
    /// - Throws: ``ConfigErrors``: the file cannot be read (`FILE: cannot read: REASON`), or
    ///   every syntax and validation problem, one per line as `FILE:LINE:COLUMN: KEY.PATH: message`.
    public static func load(path: String, knownTypes: [String: Schema]) throws(ConfigErrors) -> DaemonConfig {
        let bytes: [UInt8]
        do {
            bytes = try ConfigFile.bytes(atPath: path)
        } catch {
            throw ConfigErrors([error])
        }
        return try parse(bytes: bytes, file: path, knownTypes: knownTypes)
    }

    /// Validates config `text` as if read from `file`; for tests and `check` on standard input.
    ///
    /// - Throws: ``ConfigErrors`` with every syntax and validation problem.
    public static func parse(_ text: String, file: String, knownTypes: [String: Schema]) throws(ConfigErrors)
        -> DaemonConfig
    {
        try parse(bytes: Array(text.utf8), file: file, knownTypes: knownTypes)
    }

    static func parse(bytes: [UInt8], file: String, knownTypes: [String: Schema]) throws(ConfigErrors) -> DaemonConfig {
        let outcome = YAMLParser.parse(bytes: bytes, file: file)
        guard outcome.isComplete else { throw ConfigErrors(outcome.errors) }
        var validator = SchemaValidator(file: file)
        let root: YAMLNode.Mapping
        switch outcome.root {
        case nil:
            root = YAMLNode.Mapping([], mark: .start)
        case let node? where node.isNull:
            root = YAMLNode.Mapping([], mark: node.mark)
        case .mapping(let mapping)?:
            root = mapping
        case let node?:
            validator.record(
                .wrongType, node.mark, ConfigPath(),
                Schema.expected("a mapping of logging, modules, queue and state_dir", got: node.foundDescription))
            throw ConfigErrors(outcome.errors + validator.errors)
        }

        // The modules are left out here and validated one by one against their types' schemas.
        let sectionsOnly = YAMLNode.Mapping(root.entries.filter { $0.key.text != "modules" }, mark: root.mark)
        let sections = validator.validate(.mapping(sectionsOnly), against: Self.sections, at: ConfigPath())
        var modules: [ModuleEntry] = []
        if let modulesNode = root["modules"], !modulesNode.isNull {
            if let mapping = modulesNode.mapping {
                for entry in mapping.entries {
                    if let module = moduleEntry(entry, knownTypes: knownTypes, validator: &validator) {
                        modules.append(module)
                    }
                }
            } else {
                validator.record(
                    .wrongType, modulesNode.mark, ConfigPath([.key("modules")]),
                    Schema.expected("a mapping of module names to modules", got: modulesNode.foundDescription))
            }
        }
        let errors = outcome.errors + validator.errors
        guard errors.isEmpty, let sections else { throw ConfigErrors(errors) }
        return DaemonConfig(file: file, sections: sections, modules: modules)
    }

    /// The config from the validated sections, whose keys all have defaults.
    private init(file: String, sections: Value, modules: [ModuleEntry]) {
        let defaults = Self()
        let logging = sections["logging"]
        let queue = sections["queue"]
        self.init(
            file: file,
            logging: Logging(
                level: logging?["level"]?.stringValue.flatMap(Logger.Level.init(rawValue:)) ?? defaults.logging.level,
                format: logging?["format"]?.stringValue.flatMap(Logging.Format.init(rawValue:))
                    ?? defaults.logging.format
            ),
            queue: Queue(
                capacity: queue?["capacity"]?.intValue ?? defaults.queue.capacity,
                overflow: queue?["overflow"]?.stringValue.flatMap(Queue.Overflow.init(rawValue:))
                    ?? defaults.queue.overflow,
                shutdownTimeout: queue?["shutdown_timeout"]?.durationValue ?? defaults.queue.shutdownTimeout
            ),
            stateDir: sections["state_dir"]?.stringValue ?? defaults.stateDir,
            modules: modules
        )
    }

    /// One instance under `modules:`, validated against the common keys plus its type's schema;
    /// `nil` after recording why not.
    private static func moduleEntry(
        _ entry: YAMLNode.Mapping.Entry,
        knownTypes: [String: Schema],
        validator: inout SchemaValidator
    ) -> ModuleEntry? {
        let name = entry.key.text
        let path = ConfigPath([.key("modules"), .key(name)])
        if !isValidModuleName(name) {
            validator.record(
                .badModuleName, entry.key.mark, ConfigPath([.key("modules")]),
                "invalid module name '\(name)': use letters, digits, '_' and '-', starting with a letter")
        }
        guard let mapping = entry.value.mapping else {
            validator.record(
                .wrongType, entry.value.mark, path,
                Schema.expected("a mapping with the module's type and keys", got: entry.value.foundDescription))
            return nil
        }
        guard let typeEntry = mapping.entry("type") else {
            validator.record(.missingKey, mapping.mark, path, "missing required key 'type'")
            return nil
        }
        let typePath = path.appending("type")
        guard
            let type = validator.validate(typeEntry.value, against: .string(nonEmpty: true), at: typePath)?.stringValue
        else { return nil }
        guard let typeSchema = knownTypes[type] else {
            let known = knownTypes.keys.sorted().joined(separator: ", ")
            var hint = known.isEmpty ? "no module types are known" : "known types: \(known)"
            if let suggestion = Suggestion.didYouMean(type, in: knownTypes.keys.sorted()) {
                hint = "\(suggestion) \(hint)"
            }
            validator.record(
                .unknownModuleType, typeEntry.value.mark, typePath, "unknown module type '\(type)' (\(hint))")
            return nil
        }
        guard let typeKeys = typeSchema.keys else {
            validator.record(
                .unsupported, typeEntry.value.mark, typePath,
                "module type '\(type)' declares a schema that is not an object")
            return nil
        }
        // A type cannot redefine the common keys; theirs win.
        let ownKeys = typeKeys.filter { key in !moduleKeys.contains { $0.name == key.name } }
        guard
            case .object(var members)? = validator.validate(
                entry.value, against: .object(keys: moduleKeys + ownKeys), at: path)
        else {
            return nil
        }
        let enabled = members.removeValue(forKey: "enabled")?.boolValue ?? true
        let required = members.removeValue(forKey: "required")?.boolValue ?? false
        members.removeValue(forKey: "type")
        return ModuleEntry(
            name: name, type: type, enabled: enabled, required: required, config: .object(members), mark: entry.key.mark
        )
    }
}
