/// The description of one entity a module observes or controls (`panel.porch`): what it is and
/// what its state means. A module declares its entities when it starts
/// (``ModuleContext/declare(_:)``); the id is the module's name, a dot and ``key``.
///
/// ```swift
/// try context.declare([
///     Entity("doorbell", kind: .binarySensor),
///     Entity("porch", kind: .light, effects: ["blink", "fast"]),
/// ])
/// ```
public struct Entity: Sendable, Hashable {
    /// The part of the id after the module's name: lowercase letters, digits and `_`.
    public var key: String
    /// What it is, in Home Assistant's words.
    public var kind: EntityKind
    /// For people: the dashboard's label. Defaults to the key.
    public var name: String
    /// A sensor's or number's unit (`°C`, `%`, `hPa`).
    public var unit: String?
    /// Home Assistant's device class (`temperature`, `connectivity`, `door`).
    public var deviceClass: String?
    /// Home Assistant's state class of a sensor (`measurement`, `total_increasing`).
    public var stateClass: String?
    /// A select's choices.
    public var options: [String]
    /// A light's effects (blink rhythms).
    public var effects: [String]
    /// An event entity's types (`click`, `double_click`).
    public var eventTypes: [String]
    /// A number's lowest state.
    public var minimum: Double?
    /// A number's highest state.
    public var maximum: Double?
    /// A number's step, for a dashboard's slider.
    public var step: Double?
    /// Whether its last state is given back to the module after a restart of the daemon.
    public var restore: Bool

    /// An entity `key` of `kind`; `name` defaults to the key, and each kind uses its own keys
    /// (a light its `effects`, a select its `options`, a number its bounds).
    public init(
        _ key: String, kind: EntityKind, name: String? = nil, unit: String? = nil, deviceClass: String? = nil,
        stateClass: String? = nil, options: [String] = [], effects: [String] = [], eventTypes: [String] = [],
        minimum: Double? = nil, maximum: Double? = nil, step: Double? = nil, restore: Bool = false
    ) {
        self.key = key
        self.kind = kind
        self.name = name ?? key
        self.unit = unit
        self.deviceClass = deviceClass
        self.stateClass = stateClass
        self.options = options
        self.effects = effects
        self.eventTypes = eventTypes
        self.minimum = minimum
        self.maximum = maximum
        self.step = step
        self.restore = restore
    }

    /// The key an entity named after a config's `name` gets: lowercase, with `_` for each
    /// character a key cannot have (`Front Door` → `front_door`), cut to `maximumLength` bytes.
    public static func key(for name: String, maximumLength: Int = 64) -> String {
        let bytes = name.lowercased().utf8.map { byte -> UInt8 in
            let allowed =
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            return allowed ? byte : UInt8(ascii: "_")
        }
        let key = String(decoding: bytes.prefix(max(1, maximumLength)), as: UTF8.self)
        return key.isEmpty ? "_" : key
    }

    /// For a module type's `problems(in:)`: each name of the config whose entity keys (made
    /// with ``key(for:maximumLength:)``) another name made already, with where it is written.
    /// `entries` are in the order they are checked; `owner` names the entry for the message.
    public static func keyConflicts(_ entries: [(path: ConfigPath, owner: String, keys: [String])])
        -> [(path: ConfigPath, message: String)]
    {
        var owners: [String: String] = [:]
        var found: [(path: ConfigPath, message: String)] = []
        for entry in entries {
            for key in entry.keys {
                if let first = owners[key] {
                    found.append((entry.path, "its entity key '\(key)' is also \(first)'s; rename one"))
                } else {
                    owners[key] = entry.owner
                }
            }
        }
        return found
    }

    /// Why `key` cannot name an entity, or `nil`: 1 to 64 of `a-z`, `0-9` and `_`, as Home
    /// Assistant's object ids are.
    static func problem(inKey key: String) -> String? {
        let bytes = key.utf8
        guard !bytes.isEmpty, bytes.count <= 64, Entity.key(for: key) == key else {
            return "entity key '\(key.escapingControlCharacters())' must be 1 to 64 of a-z, 0-9 and _"
        }
        return nil
    }

    /// Every field that is set, as `states --json` and the control socket give them.
    var fields: Value.Object {
        var fields: Value.Object = ["kind": .string(kind.rawValue), "name": .string(name)]
        if let unit { fields["unit"] = .string(unit) }
        if let deviceClass { fields["device_class"] = .string(deviceClass) }
        if let stateClass { fields["state_class"] = .string(stateClass) }
        if !options.isEmpty { fields["options"] = .array(options.map(Value.string)) }
        if !effects.isEmpty { fields["effects"] = .array(effects.map(Value.string)) }
        if !eventTypes.isEmpty { fields["event_types"] = .array(eventTypes.map(Value.string)) }
        if let minimum { fields["min"] = .double(minimum) }
        if let maximum { fields["max"] = .double(maximum) }
        if let step { fields["step"] = .double(step) }
        if restore { fields["restore"] = true }
        return fields
    }
}
