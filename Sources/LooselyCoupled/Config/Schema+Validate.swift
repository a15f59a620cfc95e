extension Schema {
    /// Validates `node` against this schema, collecting every problem instead of stopping at the first.
    ///
    /// An absent or null `node` is an empty mapping for an object or map schema, so an empty
    /// file or a `key:` with nothing under it yields the defaults.
    ///
    /// - Parameters:
    ///   - node: The parsed node; `nil` for an empty document.
    ///   - file: The file name as the user gave it, for error messages.
    ///   - path: The key path of `node` in its document, prefixed to every error's path.
    /// - Returns: The normalized value with defaults filled in (`nil` if there were errors), and
    ///   the errors, each at the mark of the node at fault.
    public func validate(_ node: YAMLNode?, file: String, path: ConfigPath = ConfigPath()) -> (
        value: Value?, errors: [ConfigError]
    ) {
        var validator = SchemaValidator(file: file)
        let mark = node?.mark ?? .start
        let target: YAMLNode
        switch (kind, node) {
        case (.object, nil), (.map, nil):
            target = .mapping(YAMLNode.Mapping([], mark: mark))
        case (.object, let node?) where node.isNull, (.map, let node?) where node.isNull:
            target = .mapping(YAMLNode.Mapping([], mark: mark))
        default:
            target = node ?? .scalar(YAMLNode.Scalar("", mark: mark))
        }
        let value = validator.validate(target, against: self, at: path)
        return (validator.errors.isEmpty ? value : nil, validator.errors)
    }

    /// Parses `yaml` and validates its document against this schema; for a module type's tests.
    ///
    /// ```swift
    /// let config = try SerialModule.schema.validate(yaml: "device: /dev/ttyUSB0\n", file: "test.yaml")
    /// config["baud"]   // 9600, the default
    /// ```
    ///
    /// - Throws: ``ConfigErrors`` with every syntax and validation problem.
    public func validate(yaml: String, file: String) throws(ConfigErrors) -> Value {
        let outcome = YAMLParser.parse(bytes: Array(yaml.utf8), file: file)
        guard outcome.isComplete else { throw ConfigErrors(outcome.errors) }
        let (value, errors) = validate(outcome.root, file: file)
        guard let value, outcome.errors.isEmpty, errors.isEmpty else { throw ConfigErrors(outcome.errors + errors) }
        return value
    }
}
