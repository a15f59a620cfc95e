/// Walks a ``YAMLNode`` tree along a ``Schema``, producing the normalized ``Value`` and
/// collecting every problem with the mark and key path of the node at fault.
struct SchemaValidator {
    let file: String
    /// Every problem found so far, in the order found.
    private(set) var errors: [ConfigError] = []

    init(file: String) {
        self.file = file
    }

    /// The value of `node` read by `schema`, or `nil` after recording why it does not match.
    mutating func validate(_ node: YAMLNode, against schema: Schema, at path: ConfigPath) -> Value? {
        switch schema.kind {
        case .any:
            return anyValue(node, at: path)
        case .bool:
            guard let (scalar, isPlain) = typedScalar(node, schema, path) else { return nil }
            if isPlain, let value = ScalarSyntax.bool(scalar.text) { return .bool(value) }
            return wrongType(node, schema, path, quotedButValid: !isPlain && ScalarSyntax.bool(scalar.text) != nil)
        case .int(let min, let max):
            guard let (scalar, isPlain) = typedScalar(node, schema, path) else { return nil }
            let parsed = ScalarSyntax.integer(scalar.text, lenient: true)
            guard isPlain else { return wrongType(node, schema, path, quotedButValid: parsed != .invalid) }
            switch parsed {
            case .value(let value):
                if let min, value < min { return badValue(scalar, schema.expectation, scalar.text, path) }
                if let max, value > max { return badValue(scalar, schema.expectation, scalar.text, path) }
                return .int(value)
            case .overflow:
                return badValue(scalar, schema.expectation, scalar.text + " (too large)", path)
            case .invalid:
                return wrongType(node, schema, path)
            }
        case .double(let min, let max):
            guard let (scalar, isPlain) = typedScalar(node, schema, path) else { return nil }
            let parsed = Self.number(scalar.text)
            guard isPlain, let value = parsed else {
                return wrongType(node, schema, path, quotedButValid: parsed != nil)
            }
            if let min, !(value >= min) { return badValue(scalar, schema.expectation, scalar.text, path) }
            if let max, !(value <= max) { return badValue(scalar, schema.expectation, scalar.text, path) }
            return .double(value)
        case .string(let nonEmpty):
            guard let (scalar, _) = typedScalar(node, schema, path) else { return nil }
            if nonEmpty && scalar.text.isEmpty { return badValue(scalar, schema.typeName, "\"\"", path) }
            return .string(scalar.text)
        case .choice(let choices):
            guard let (scalar, _) = typedScalar(node, schema, path) else { return nil }
            guard choices.contains(scalar.text) else {
                return badValue(scalar, schema.typeName, scalar.quotedText, path)
            }
            return .string(scalar.text)
        case .duration:
            guard let (scalar, _) = typedScalar(node, schema, path) else { return nil }
            return durationValue(scalar, schema, path)
        case .timeOfDay:
            guard let (scalar, _) = typedScalar(node, schema, path) else { return nil }
            guard let seconds = ScalarSyntax.timeOfDay(scalar.text) else {
                return badValue(scalar, schema.expectation, scalar.quotedText, path)
            }
            return .int(seconds)
        case .list(let element):
            guard let sequence = node.sequence else { return wrongType(node, schema, path) }
            let before = errors.count
            var values: [Value] = []
            for (index, child) in sequence.elements.enumerated() {
                if let value = validate(child, against: element, at: path.appending(index: index)) {
                    values.append(value)
                }
            }
            return errors.count == before ? .array(values) : nil
        case .map(let valueSchema):
            guard let mapping = node.mapping else { return wrongType(node, schema, path) }
            let before = errors.count
            var members: Value.Object = [:]
            for entry in mapping.entries {
                members[entry.key.text] = validate(
                    entry.value, against: valueSchema, at: path.appending(entry.key.text))
            }
            return errors.count == before ? .object(members) : nil
        case .object(let keys):
            guard let mapping = node.mapping else { return wrongType(node, schema, path) }
            return objectValue(mapping, keys: keys, at: path)
        case .oneOf(let alternatives):
            let candidates = alternatives.filter { $0.admits(node) }
            if candidates.count == 1 { return validate(node, against: candidates[0], at: path) }
            for candidate in candidates {
                var trial = SchemaValidator(file: file)
                if let value = trial.validate(node, against: candidate, at: path), trial.errors.isEmpty { return value }
                // `2000` under `.oneOf(.int(range: 0...1023), .string)` is a bad line number,
                // not the line name "2000".
                if candidate.claims(node) {
                    errors += trial.errors
                    return nil
                }
            }
            let code: ConfigError.Code = candidates.isEmpty ? .wrongType : .badValue
            record(code, node.mark, path, Schema.expected(schema.typeName, got: node.foundDescription))
            return nil
        }
    }

    /// The members of an object: unknown keys and missing required keys are errors; absent
    /// and null optional keys take their defaults.
    private mutating func objectValue(_ mapping: YAMLNode.Mapping, keys: [Key], at path: ConfigPath) -> Value? {
        let before = errors.count
        var members: Value.Object = [:]
        var given: Set<CodePointKey> = []
        for entry in mapping.entries {
            let name = entry.key.text
            guard let key = keys.first(where: { $0.name.hasSameCodePoints(as: name) }) else {
                let known = keys.map(\.name).sorted().joined(separator: ", ")
                var hint = known.isEmpty ? "this mapping takes no keys" : "expected one of: \(known)"
                if let suggestion = Suggestion.didYouMean(name, in: keys.map(\.name)) { hint = "\(suggestion) \(hint)" }
                record(.unknownKey, entry.key.mark, path.appending(name), "unknown key '\(name)' (\(hint))")
                continue
            }
            // `key:` with nothing after it means "not set" for an optional key.
            if entry.value.isNull && !key.isRequired && !key.schema.isAny { continue }
            given.insert(CodePointKey(name))
            members[name] = validate(entry.value, against: key.schema, at: path.appending(name))
        }
        for key in keys where !given.contains(CodePointKey(key.name)) {
            if key.isRequired {
                record(.missingKey, mapping.mark, path, "missing required key '\(key.name)'")
            } else if let defaultValue = key.defaultValue {
                let node = Self.node(for: defaultValue, at: mapping.mark)
                members[key.name] = validate(node, against: key.schema, at: path.appending(key.name))
            }
        }
        return errors.count == before ? .object(members) : nil
    }

    private mutating func durationValue(_ scalar: YAMLNode.Scalar, _ schema: Schema, _ path: ConfigPath) -> Value? {
        switch ScalarSyntax.duration(scalar.text) {
        case .nanoseconds(let nanoseconds) where nanoseconds > ScalarSyntax.longestDuration:
            // Longer ones fit 64 bits (292 years), but not every sum a module makes with them:
            // refused here, at their line, rather than dropped or replaced by a default later.
            return badValue(scalar, "a duration of at most 100 years", scalar.quotedText, path)
        case .nanoseconds(let nanoseconds):
            return .double(Double(nanoseconds) / 1e9)
        case .missingUnit:
            let units = ScalarSyntax.durationUnits.map(\.name).joined(separator: ", ")
            record(
                .badValue, scalar.mark, path,
                "duration \(scalar.text) has no unit: write e.g. \(scalar.text)s or \(scalar.text)ms (units: \(units))")
            return nil
        case .overflow:
            return badValue(scalar, "a duration of at most 100 years", scalar.quotedText, path)
        case .invalid:
            return badValue(scalar, schema.typeName, scalar.quotedText, path)
        }
    }

    /// A free-form value by the YAML 1.2 core schema.
    private mutating func anyValue(_ node: YAMLNode, at path: ConfigPath) -> Value? {
        switch node {
        case .scalar(let scalar):
            switch scalar.resolution {
            case .plain: return ScalarSyntax.coreValue(scalar.text)
            case .string: return .string(scalar.text)
            case .unsupported(let tag): return unsupportedTag(tag, scalar, path)
            }
        case .sequence(let sequence):
            let before = errors.count
            var values: [Value] = []
            for (index, child) in sequence.elements.enumerated() {
                if let value = anyValue(child, at: path.appending(index: index)) { values.append(value) }
            }
            return errors.count == before ? .array(values) : nil
        case .mapping(let mapping):
            let before = errors.count
            var members: Value.Object = [:]
            for entry in mapping.entries {
                members[entry.key.text] = anyValue(entry.value, at: path.appending(entry.key.text))
            }
            return errors.count == before ? .object(members) : nil
        }
    }

    /// The scalar to read a typed value from, and whether it is plain; `nil` after recording
    /// why there is none (not a scalar, null, or an unknown tag).
    private mutating func typedScalar(_ node: YAMLNode, _ schema: Schema, _ path: ConfigPath) -> (
        YAMLNode.Scalar, Bool
    )? {
        guard case .scalar(let scalar) = node, !scalar.isNull else {
            _ = wrongType(node, schema, path)
            return nil
        }
        switch scalar.resolution {
        case .plain: return (scalar, true)
        case .string: return (scalar, false)
        case .unsupported(let tag): return unsupportedTag(tag, scalar, path)
        }
    }

    private mutating func unsupportedTag<T>(_ tag: String, _ scalar: YAMLNode.Scalar, _ path: ConfigPath) -> T? {
        record(
            .unsupported, scalar.mark, path,
            "unsupported tag \(tag) (the config knows !!str, !!int, !!float, !!bool and !!null)")
        return nil
    }

    private mutating func wrongType(
        _ node: YAMLNode, _ schema: Schema, _ path: ConfigPath, quotedButValid: Bool = false
    ) -> Value? {
        let note = quotedButValid ? " (quoted, so a string)" : ""
        record(.wrongType, node.mark, path, Schema.expected(schema.typeName, got: node.foundDescription + note))
        return nil
    }

    private mutating func badValue(
        _ scalar: YAMLNode.Scalar, _ expectation: String, _ found: String, _ path: ConfigPath
    ) -> Value? {
        record(.badValue, scalar.mark, path, Schema.expected(expectation, got: found))
        return nil
    }

    mutating func record(_ code: ConfigError.Code, _ mark: Mark, _ path: ConfigPath, _ message: String) {
        errors.append(ConfigError(code: code, file: file, mark: mark, path: path, message: message))
    }

    /// An integer or a float of the core schema, as a `Double`; `_` allowed in integers.
    private static func number(_ text: String) -> Double? {
        if case .value(let value) = ScalarSyntax.integer(text, lenient: true) { return Double(value) }
        return ScalarSyntax.coreFloat(text)
    }

    /// A node that reads back as `value`: strings are quoted so they stay strings.
    static func node(for value: Value, at mark: Mark) -> YAMLNode {
        switch value {
        case .null: .scalar(YAMLNode.Scalar("~", mark: mark))
        case .bool(let bool): .scalar(YAMLNode.Scalar(bool ? "true" : "false", mark: mark))
        case .int(let int): .scalar(YAMLNode.Scalar(String(int), mark: mark))
        case .double(let double):
            .scalar(
                YAMLNode.Scalar(
                    double.isNaN ? ".nan" : double.isInfinite ? (double < 0 ? "-.inf" : ".inf") : "\(double)",
                    mark: mark))
        case .string(let string): .scalar(YAMLNode.Scalar(string, style: .doubleQuoted, mark: mark))
        case .array(let elements): .sequence(YAMLNode.Sequence(elements.map { node(for: $0, at: mark) }, mark: mark))
        case .object(let members):
            .mapping(
                YAMLNode.Mapping(
                    members.sorted { $0.key < $1.key }.map { name, member in
                        YAMLNode.Mapping.Entry(
                            key: YAMLNode.Scalar(name, style: .doubleQuoted, mark: mark),
                            value: node(for: member, at: mark))
                    },
                    mark: mark
                ))
        }
    }
}
