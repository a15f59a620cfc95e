/// The one dynamic type of looselycoupled: call arguments, event payloads, results and config
/// fragments are all `Value`s.
///
/// ```swift
/// let payload: Value = ["input": "doorbell", "count": 2, "long": false]
/// payload["count"]?.intValue   // 2
/// payload.json                 // {"input":"doorbell","count":2,"long":false}
/// ```
///
/// Objects keep their members in insertion order and compare keys code point by code point
/// (see ``Object``).
///
/// A module that prefers typed structs converts with ``Value/init(encoding:)`` and
/// ``Value/decode(_:)``, which go through `Codable` without any JSON step.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([Value])
    case object(Object)
}

extension Value {
    /// The value if this is `.bool`, else `nil`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The value if this is `.int`, or a `.double` with no fractional part that fits an `Int`.
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value): return Int(exactly: value)
        default: return nil
        }
    }

    /// The value if this is `.double` or `.int` (JSON does not tell them apart).
    public var doubleValue: Double? {
        switch self {
        case .double(let value): return value
        case .int(let value): return Double(value)
        default: return nil
        }
    }

    /// The value if this is `.string`, else `nil`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements if this is `.array`, else `nil`.
    public var arrayValue: [Value]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members if this is `.object`, else `nil`.
    public var objectValue: Object? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key` of an object; `nil` for a missing key or a value that is no object.
    public subscript(key: String) -> Value? {
        get {
            if case .object(let members) = self { return members[key] }
            return nil
        }
        set {
            guard case .object(var members) = self else { return }
            // Let go of this reference first, so the members are changed in place, not copied.
            self = .null
            members[key] = newValue
            self = .object(members)
        }
    }

    /// The element at `index` of an array; `nil` out of range or for a value that is no array.
    public subscript(index: Int) -> Value? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The name of this value's kind, as error messages say it: `null`, `bool`, `int`, `double`,
    /// `string`, `array`, `object`.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension Value: ExpressibleByNilLiteral {
    /// `nil` is ``Value/null``.
    public init(nilLiteral: ()) { self = .null }
}

extension Value: ExpressibleByBooleanLiteral {
    /// A boolean literal is ``Value/bool(_:)``.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension Value: ExpressibleByIntegerLiteral {
    /// An integer literal is ``Value/int(_:)``.
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension Value: ExpressibleByFloatLiteral {
    /// A floating-point literal is ``Value/double(_:)``.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension Value: ExpressibleByStringLiteral {
    /// A string literal is ``Value/string(_:)``.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension Value: ExpressibleByArrayLiteral {
    /// An array literal is ``Value/array(_:)``.
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
}

extension Value: ExpressibleByDictionaryLiteral {
    /// An object with the literal's members in the order written; of duplicate keys the last
    /// value wins. The literal's own array becomes the object's storage: one allocation.
    public init(dictionaryLiteral elements: (String, Value)...) {
        self = .object(Object(adopting: elements))
    }
}
