/// Checks a command (`set ENTITY STATE`) against the entity's kind, before it reaches the module,
/// so every module type gets the same checks and the same errors.
enum EntityCommand {
    /// The state the owning module is given: `on`/`off`/`toggle` for switches and lights (`true`
    /// and `false` read as `on` and `off`), a light's effect, `press`, a number within its bounds,
    /// or one of a select's options.
    ///
    /// - Throws: `read_only_entity` for a kind `set` cannot change; `invalid_state` for a state
    ///   the kind does not take, naming what it does.
    static func check(_ state: Value, attributes: Value.Object, for entity: Entity, id: String) throws(CallError)
        -> Value
    {
        guard entity.kind.isSettable else {
            throw readOnly(id, entity)
        }
        switch entity.kind {
        case .switch:
            return try onOff(state, id: id, kind: entity.kind, also: [])
        case .light:
            if case .string(let effect)? = attributes["effect"], !entity.effects.contains(effect) {
                throw invalid(id, entity, "its effects are \(list(entity.effects))", got: .string(effect))
            }
            return try onOff(state, id: id, kind: entity.kind, also: entity.effects)
        case .button:
            guard state == "press" else { throw invalid(id, entity, "its state is press", got: state) }
            return state
        case .number:
            let number: Double
            switch state {
            case .int(let value): number = Double(value)
            case .double(let value) where value.isFinite: number = value
            default: throw invalid(id, entity, "its state is a number", got: state)
            }
            if let minimum = entity.minimum, number < minimum {
                throw invalid(id, entity, "its state is at least \(format(minimum))", got: state)
            }
            if let maximum = entity.maximum, number > maximum {
                throw invalid(id, entity, "its state is at most \(format(maximum))", got: state)
            }
            return state
        case .select:
            guard case .string(let option) = state, entity.options.contains(option) else {
                throw invalid(id, entity, "its options are \(list(entity.options))", got: state)
            }
            return state
        case .binarySensor, .sensor, .event:
            throw readOnly(id, entity)
        }
    }

    /// The error of a command to an entity whose kind cannot be set.
    static func readOnly(_ id: String, _ entity: Entity) -> CallError {
        CallError(
            .readOnlyEntity, "\(id.escapingControlCharacters()) is \(entity.kind.withArticle), which cannot be set")
    }

    /// The named states a command to `entity` may give, for "did you mean": none for a number.
    static func states(of entity: Entity) -> [String] {
        switch entity.kind {
        case .switch: ["on", "off", "toggle"]
        case .light: ["on", "off", "toggle"] + entity.effects
        case .button: ["press"]
        case .select: entity.options
        case .number, .binarySensor, .sensor, .event: []
        }
    }

    private static func onOff(_ state: Value, id: String, kind: EntityKind, also extra: [String]) throws(CallError)
        -> Value
    {
        switch state {
        case .bool(let on): return on ? "on" : "off"
        case .string(let name) where name == "on" || name == "off" || name == "toggle" || extra.contains(name):
            return state
        default:
            let expected = "its state is on, off or toggle" + (extra.isEmpty ? "" : ", or an effect: \(list(extra))")
            throw CallError(
                .invalidState, "\(id) is \(kind.withArticle): \(expected); got \(describe(state))")
        }
    }

    private static func invalid(_ id: String, _ entity: Entity, _ expected: String, got state: Value) -> CallError {
        CallError(.invalidState, "\(id) is \(entity.kind.withArticle): \(expected); got \(describe(state))")
    }

    /// `30` rather than `30.0`: a bound as the user would write it.
    private static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.joined(separator: ", ")
    }

    private static func describe(_ state: Value) -> String {
        if case .string(let text) = state { return "'\(text.escapingControlCharacters())'" }
        return "\(state)"
    }
}
