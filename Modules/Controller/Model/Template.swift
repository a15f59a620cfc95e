import LooselyCoupled

/// A string of a rule with `{{dotted.path}}` substitutions: `"{{event.payload.input}} pressed"`.
///
/// Paths only, no logic (that is what conditions are for). A string that is exactly one
/// `{{…}}` keeps the value's type (`"{{event.payload.count}}"` is a number); in a longer string
/// each value is written as text (a string as itself, anything else as JSON). A path that does
/// not resolve is an error of that run, never an empty string.
struct Template: Sendable, Equatable {
    enum Part: Sendable, Equatable {
        case text(String)
        /// The path's keys: `event.payload.input` is `["event", "payload", "input"]`.
        case path([String])
    }

    let parts: [Part]

    /// Whether the string has no substitution: it renders to itself.
    var isLiteral: Bool { parts.allSatisfy { if case .text = $0 { true } else { false } } }

    /// Why `text` is no template, or `nil`: an unclosed `{{`, an empty path, or a path with
    /// other characters than letters, digits, `_` and dots between names.
    static func problem(in text: String) -> String? {
        switch parse(text) {
        case .success: nil
        case .failure(let problem): problem.message
        }
    }

    /// Whether `text` has a `{{` at all; without one it renders to itself.
    static func mayHaveSubstitution(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "{") && previous == byte { return true }
            previous = byte
        }
        return false
    }

    /// Whether `value` has a string with a substitution anywhere in it: its value is known only
    /// when the rule runs.
    static func isTemplated(_ value: Value) -> Bool {
        switch value {
        case .string(let text): (try? Template(text))?.isLiteral == false
        case .array(let items): items.contains(where: isTemplated)
        case .object(let object): object.values.contains(where: isTemplated)
        default: false
        }
    }

    /// The template of `text`.
    ///
    /// - Throws: ``TemplateError`` for an unclosed `{{` or a malformed path.
    init(_ text: String) throws(TemplateError) {
        self.parts = try Self.parse(text).get()
    }

    private static func parse(_ text: String) -> Result<[Part], TemplateError> {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.text(String(rest[..<open.lowerBound]))) }
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstRange(of: "}}") else {
                return .failure(TemplateError("an unclosed {{ in \"\(text)\""))
            }
            let path = afterOpen[..<close.lowerBound].trimmingSpaces()
            let keys = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard !path.isEmpty, keys.allSatisfy(Self.isName) else {
                return .failure(
                    TemplateError("{{\(path)}} is no path: names of letters, digits and _, joined by dots"))
            }
            parts.append(.path(keys))
            rest = afterOpen[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return .success(parts)
    }

    private static func isName(_ key: String) -> Bool {
        !key.isEmpty
            && key.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            }
    }

    /// The string with each path's value from `context` substituted; a string that is one path
    /// alone is that value, whatever its type. A path `states.MODULE.KEY…` reads entity
    /// `MODULE.KEY` through `states` (its state, attributes, last_changed…), when it is used.
    ///
    /// - Throws: ``TemplateError`` naming the first path that does not resolve.
    func render(_ context: Value, states: (String) -> Value? = { _ in nil }) throws(TemplateError) -> Value {
        if parts.count == 1, case .path(let keys) = parts[0] {
            return try Self.resolve(keys, in: context, states: states)
        }
        var text = ""
        for part in parts {
            switch part {
            case .text(let literal): text += literal
            case .path(let keys):
                let value = try Self.resolve(keys, in: context, states: states)
                text += value.stringValue ?? value.json
            }
        }
        return .string(text)
    }

    /// The entity id a path names, if it is `states.MODULE.KEY…`.
    static func entity(of keys: [String]) -> String? {
        keys.count >= 3 && keys[0] == "states" ? "\(keys[1]).\(keys[2])" : nil
    }

    /// The entity ids the template's `states.MODULE.KEY` paths name.
    var entities: [String] {
        parts.compactMap { part in
            guard case .path(let keys) = part else { return nil }
            return Self.entity(of: keys)
        }
    }

    private static func resolve(_ keys: [String], in context: Value, states: (String) -> Value?)
        throws(TemplateError) -> Value
    {
        if let id = entity(of: keys) {
            guard let entity = states(id) else {
                throw TemplateError("{{\(keys.joined(separator: "."))}} does not resolve: there is no entity \(id)")
            }
            return try resolve(Array(keys.dropFirst(3)), in: entity, shown: keys, from: 3)
        }
        return try resolve(keys, in: context, shown: keys, from: 0)
    }

    /// `keys` followed from `value`; `shown` and `offset` name the whole path in errors.
    private static func resolve(_ keys: [String], in start: Value, shown: [String], from offset: Int)
        throws(TemplateError) -> Value
    {
        var value = start
        for (index, key) in keys.enumerated() {
            guard let next = value[key] else {
                let path = shown.joined(separator: ".")
                let missing = shown.prefix(offset + index + 1).joined(separator: ".")
                throw TemplateError("{{\(path)}} does not resolve: there is no \(missing)")
            }
            value = next
        }
        return value
    }
}

/// A template that cannot be parsed, or a path that does not resolve in a run.
struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    let message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}

extension Substring {
    fileprivate func trimmingSpaces() -> Substring {
        var trimmed = self
        while trimmed.first == " " { trimmed.removeFirst() }
        while trimmed.last == " " { trimmed.removeLast() }
        return trimmed
    }
}

extension Value {
    /// Every string in the value rendered as a ``Template`` against `context` (and `states`
    /// for `states.…` paths), recursively.
    func rendered(_ context: Value, states: (String) -> Value? = { _ in nil }) throws(TemplateError) -> Value {
        switch self {
        case .string(let text):
            // Most strings of a rule have no substitution: no parse for them at each run.
            guard Template.mayHaveSubstitution(text) else { return self }
            let template = try Template(text)
            return template.isLiteral ? self : try template.render(context, states: states)
        case .array(let elements):
            var rendered: [Value] = []
            rendered.reserveCapacity(elements.count)
            for element in elements { rendered.append(try element.rendered(context, states: states)) }
            return .array(rendered)
        case .object(let object):
            var rendered = Value.Object(minimumCapacity: object.count)
            for (key, member) in object { rendered[key] = try member.rendered(context, states: states) }
            return .object(rendered)
        default:
            return self
        }
    }
}
