extension Schema {
    /// What a value of this schema is, for a value of the wrong type: `an integer`.
    var typeName: String {
        switch kind {
        case .bool: "a boolean (true or false)"
        case .int: "an integer"
        case .double: "a number"
        case .string(let nonEmpty): nonEmpty ? "a non-empty string" : "a string"
        case .choice(let choices): "one of: " + choices.joined(separator: ", ")
        case .duration: "a duration such as 500ms, 1.5s, 2m or 1h"
        case .timeOfDay: "a time of day as HH:MM or HH:MM:SS"
        case .list: "a list"
        case .map, .object: "a mapping"
        case .oneOf(let alternatives): alternatives.map(\.expectation).joined(separator: " or ")
        case .any: "any value"
        }
    }

    /// What a value of this schema is, with its limits, for a value of the right type that is
    /// not allowed: `an integer in 50...4000000`.
    var expectation: String {
        switch kind {
        case .int(let min?, let max?): "an integer in \(min)...\(max)"
        case .int(let min?, nil): "an integer of at least \(min)"
        case .double(let min?, let max?): "a number in \(min)...\(max)"
        case .double(let min?, nil): "a number of at least \(min)"
        case .timeOfDay: "a time of day as HH:MM or HH:MM:SS, from 00:00 to 23:59:59"
        default: typeName
        }
    }

    /// `expected WHAT, got FOUND`, with a semicolon after a list of choices.
    static func expected(_ what: String, got found: String) -> String {
        let separator = what.contains("one of:") ? ";" : ","
        return "expected \(what)\(separator) got \(found)"
    }

    /// Whether a node of this kind (scalar, sequence, mapping) can match at all.
    func admits(_ node: YAMLNode) -> Bool {
        switch kind {
        case .any: true
        case .list: node.sequence != nil
        case .map, .object: node.mapping != nil
        case .oneOf(let alternatives): alternatives.contains { $0.admits(node) }
        case .bool, .int, .double, .string, .choice, .duration, .timeOfDay: node.scalar != nil
        }
    }

    /// Whether a node is plainly meant as this schema's kind even where it fails: a plain
    /// number for a number schema, a sequence for a list, a mapping for a map or object. In a
    /// ``oneOf(_:)`` such an alternative's errors are reported rather than trying the next.
    func claims(_ node: YAMLNode) -> Bool {
        switch kind {
        case .int:
            guard let scalar = node.scalar, scalar.resolution == .plain else { return false }
            return ScalarSyntax.integer(scalar.text, lenient: true) != .invalid
        case .double:
            guard let scalar = node.scalar, scalar.resolution == .plain else { return false }
            return ScalarSyntax.integer(scalar.text, lenient: true) != .invalid
                || ScalarSyntax.coreFloat(scalar.text) != nil
        case .list: return node.sequence != nil
        case .map, .object: return node.mapping != nil
        case .oneOf(let alternatives): return alternatives.contains { $0.claims(node) }
        case .bool, .string, .choice, .duration, .timeOfDay, .any: return false
        }
    }

    /// Whether this is ``any``, which takes null as a value rather than as an absent key.
    var isAny: Bool {
        if case .any = kind { return true }
        return false
    }
}
