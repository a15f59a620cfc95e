/// One entity and its state at one moment, as `looselycoupled states` lists it.
public struct EntitySnapshot: Sendable, Hashable {
    /// `MODULE.KEY`.
    public var id: String
    /// The module that declared it.
    public var module: String
    /// What the entity is.
    public var entity: Entity
    /// The state: `"unavailable"` while its module is not running, `"unknown"` until the module
    /// gives one.
    public var state: Value
    /// What the module says besides the state (a light's `effect`, an event's `event_type`).
    public var attributes: Value.Object
    /// When the state last changed, in milliseconds since the epoch; `nil` before the first write.
    public var lastChanged: Int64?
    /// When the state was last written (the same state again too), in milliseconds since the epoch.
    public var lastUpdated: Int64?

    /// Every field, as `states --json` and the control socket's `states` give it.
    public var value: Value {
        var fields: Value.Object = ["entity": .string(id), "module": .string(module)]
        fields.merge(entity.fields)
        fields["state"] = state
        fields["attributes"] = .object(attributes)
        fields["last_changed"] = lastChanged.map { .int(Int($0)) } ?? .null
        fields["last_updated"] = lastUpdated.map { .int(Int($0)) } ?? .null
        return .object(fields)
    }
}
