import LooselyCoupled

/// What a payload field of an `event` trigger or `wait` must be: `match: {input: doorbell}` or
/// `{count: {above: 1}}`.
///
/// A plain value must equal the field; an object with one of the keys below is a test.
enum Matcher: Sendable {
    /// Equal to the value (numbers compare by value: `1` matches `1.0`).
    case equals(Value)
    /// `{in: [a, b]}`: equal to one of them.
    case oneOf([Value])
    /// `{above: n}`: a number greater than `n`.
    case above(Double)
    /// `{below: n}`: a number less than `n`.
    case below(Double)
    /// `{not: v}`: anything but `v` (a missing field too).
    case not(Value)
    /// `{regex: "…"}`: a string the regular expression matches somewhere.
    case regex(String, CompiledRegex)

    /// The tests an object can be, in the order `check` lists them.
    static let tests = ["in", "above", "below", "not", "regex"]

    /// The matcher `value` describes.
    ///
    /// - Throws: ``MatcherError`` for a test of the wrong type or a regular expression that does
    ///   not compile; `key` is the test's key.
    init(_ value: Value) throws(MatcherError) {
        guard case .object(let object) = value, object.count == 1, let (test, argument) = object.first,
            Self.tests.contains(test)
        else {
            self = .equals(value)
            return
        }
        switch test {
        case "in":
            guard case .array(let options) = argument else {
                throw MatcherError(key: test, "expected a list of values")
            }
            self = .oneOf(options)
        case "above", "below":
            guard let bound = argument.doubleValue else { throw MatcherError(key: test, "expected a number") }
            self = test == "above" ? .above(bound) : .below(bound)
        case "not":
            self = .not(argument)
        default:
            guard case .string(let pattern) = argument else {
                throw MatcherError(key: test, "expected a regular expression, as a string")
            }
            do {
                self = .regex(pattern, CompiledRegex(try Regex(pattern)))
            } catch {
                throw MatcherError(key: test, "not a regular expression: \(error)")
            }
        }
    }

    /// Whether `field` (`nil`: the payload has no such field) passes.
    func matches(_ field: Value?) -> Bool {
        switch self {
        case .equals(let expected): field.map { Self.same($0, expected) } ?? false
        case .oneOf(let options): field.map { value in options.contains { Self.same(value, $0) } } ?? false
        case .above(let bound): (field?.doubleValue).map { $0 > bound } ?? false
        case .below(let bound): (field?.doubleValue).map { $0 < bound } ?? false
        case .not(let excluded): field.map { !Self.same($0, excluded) } ?? true
        case .regex(_, let regex):
            if case .string(let text)? = field { (try? regex.regex.firstMatch(in: text)) != nil } else { false }
        }
    }

    /// Equality as a user means it in a rule: `1` and `1.0` are the same number.
    static func same(_ a: Value, _ b: Value) -> Bool {
        if let x = a.doubleValue, let y = b.doubleValue, a.isNumber, b.isNumber { return x == y }
        return a == b
    }
}

/// A `match` test that cannot work: `key` is the test (`regex`), for the config path.
struct MatcherError: Error, Sendable, CustomStringConvertible {
    let key: String
    let message: String

    init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }

    var description: String { "\(key): \(message)" }
}

/// Every field of `match` a payload must pass.
struct PayloadMatch: Sendable {
    let fields: [(key: String, matcher: Matcher)]

    static let all = PayloadMatch(fields: [])

    /// Whether `payload` passes every field.
    func matches(_ payload: Value) -> Bool {
        fields.allSatisfy { $0.matcher.matches(payload[$0.key]) }
    }
}

extension Value {
    /// Whether it is an `int` or a `double`.
    fileprivate var isNumber: Bool {
        switch self {
        case .int, .double: true
        default: false
        }
    }
}

/// A compiled regular expression, shared between the rules' runs.
///
/// `@unchecked`: `Regex` is an immutable value that matching only reads, but it is not declared
/// `Sendable` (its output type is type-erased).
final class CompiledRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>

    init(_ regex: Regex<AnyRegexOutput>) { self.regex = regex }
}
