/// What a config fragment must look like: the keys of a module type, their types, ranges,
/// choices and defaults.
///
/// A module type declares its keys once; validation then reports every unknown key, missing key,
/// wrong type and bad value with file, line, column and key path, and hands the module a
/// normalized ``Value`` with the defaults filled in.
///
/// ```swift
/// static let schema = Schema.object {
///     Key("device", .string(nonEmpty: true), required: true)
///     Key("baud", .int(range: 50...4_000_000), default: 9600)
///     Key("parity", .choice(["none", "even", "odd"]), default: "none")
///     Key("timeout", .duration, default: "1s")
///     Key("inputs", .map(of: .object {
///         Key("line", .oneOf(.int(range: 0...1023), .string), required: true)
///         Key("active_low", .bool, default: false)
///     }))
///     Key("payload", .any)
/// }
/// ```
///
/// Plain scalars are read by the schema of the key they sit under, so `initial: off` is the
/// string `"off"` under a `.choice` or `.string` key and `false` under a `.bool` key. What each
/// type produces is documented on its constructor.
public struct Schema: Sendable {
    indirect enum Kind: Sendable {
        case bool
        case int(min: Int?, max: Int?)
        case double(min: Double?, max: Double?)
        case string(nonEmpty: Bool)
        case choice([String])
        case duration
        case timeOfDay
        case list(Schema)
        case map(Schema)
        case object([Key])
        case oneOf([Schema])
        case any
    }

    let kind: Kind

    init(_ kind: Kind) {
        self.kind = kind
    }

    /// `true` or `false`; also `yes`/`no` and `on`/`off`, as YAML 1.1 users write them. Produces `.bool`.
    public static let bool = Schema(.bool)

    /// Any integer: decimal, `0x` hex, `0o` octal, `0b` binary, `_` between digits. Produces `.int`.
    public static let int = Schema(.int(min: nil, max: nil))

    /// An integer within `range`. Produces `.int`.
    public static func int(range: ClosedRange<Int>) -> Schema {
        Schema(.int(min: range.lowerBound, max: range.upperBound))
    }

    /// An integer of at least `range.lowerBound`, as in `.int(range: 1...)`. Produces `.int`.
    public static func int(range: PartialRangeFrom<Int>) -> Schema {
        Schema(.int(min: range.lowerBound, max: nil))
    }

    /// Any number, integer or not, including `.inf` and `.nan`. Produces `.double`.
    public static let double = Schema(.double(min: nil, max: nil))

    /// A number within `range`. Produces `.double`.
    public static func double(range: ClosedRange<Double>) -> Schema {
        Schema(.double(min: range.lowerBound, max: range.upperBound))
    }

    /// A number of at least `range.lowerBound`, as in `.double(range: 0...)`. Produces `.double`.
    public static func double(range: PartialRangeFrom<Double>) -> Schema {
        Schema(.double(min: range.lowerBound, max: nil))
    }

    /// Any text, quoted or plain: `off`, `9600` and `yes` are strings here. Produces `.string`.
    public static let string = Schema(.string(nonEmpty: false))

    /// Text; with `nonEmpty`, `""` is an error. Produces `.string`.
    public static func string(nonEmpty: Bool) -> Schema {
        Schema(.string(nonEmpty: nonEmpty))
    }

    /// One of `choices`, compared exactly; the error lists them. Produces `.string`.
    public static func choice(_ choices: [String]) -> Schema {
        Schema(.choice(choices))
    }

    /// A duration of number–unit pairs: `500us`, `10ms`, `1.5s`, `2m`, `1h30m` (units `ns`,
    /// `us`, `ms`, `s`, `m`, `h`); a bare number other than `0` is an error naming the units.
    /// Produces `.double` seconds, exact to the nanosecond through ``Value/durationValue``.
    public static let duration = Schema(.duration)

    /// A local time of day, `"07:00"` or `"07:00:30"` (00:00 to 23:59:59). Produces `.int`
    /// seconds since midnight.
    public static let timeOfDay = Schema(.timeOfDay)

    /// A list whose elements each match `element`. Produces `.array`.
    public static func list(of element: Schema) -> Schema {
        Schema(.list(element))
    }

    /// A mapping from names the user chooses (instances, inputs) to values matching `value`.
    /// Produces `.object`.
    public static func map(of value: Schema) -> Schema {
        Schema(.map(value))
    }

    /// A mapping with the keys `keys` declares, and no others. Produces `.object` holding the
    /// keys given plus the defaults of those not given.
    public static func object(@SchemaBuilder _ keys: () -> [Key]) -> Schema {
        Schema(.object(keys()))
    }

    /// A mapping with the keys `keys`, and no others; ``object(_:)`` for keys built in code.
    public static func object(keys: [Key]) -> Schema {
        Schema(.object(keys))
    }

    /// The first of `alternatives` that the value matches. Produces what that alternative produces.
    public static func oneOf(_ alternatives: Schema...) -> Schema {
        Schema(.oneOf(alternatives))
    }

    /// Anything, read by the YAML 1.2 core schema: plain `~`/`null`/nothing is null,
    /// `true`/`false` booleans, `12`/`0x1F`/`0o17` integers, `1.5`/`.inf`/`.nan` doubles,
    /// everything else and everything quoted a string. For free-form payloads.
    public static let any = Schema(.any)

    /// The keys of an object schema, in declaration order; `nil` for any other schema.
    public var keys: [Key]? {
        if case .object(let keys) = kind { return keys }
        return nil
    }
}
