/// What one module of a config will offer, known from the config alone before anything runs: its
/// type's methods and, where its type can tell, the entities it will declare.
public struct DeclaredModule: Sendable {
    /// The instance name, the key under `modules:`.
    public let name: String
    /// The `type:` name.
    public let typeName: String
    /// The methods its type has (``ModuleInterface/methodNames``).
    public let methods: [String]
    /// The entities it declares when it starts, or `nil` when they are known only at run time
    /// (external modules, and module types that do not say): references to them are then
    /// checked when they are used.
    public let entities: [Entity]?

    /// The module `name` of type `typeName`, with `methods` and `entities`.
    public init(name: String, typeName: String, methods: [String], entities: [Entity]?) {
        self.name = name
        self.typeName = typeName
        self.methods = methods
        self.entities = entities
    }
}

/// Every module of a config as `check` knows it, for module types whose config refers to other
/// modules' methods and entities (a controller's `call` and `set` steps): each reference is
/// checked here, with "did you mean", before anything runs.
///
/// Module names, method names and entity keys are compared by code points, as the manager
/// routes them.
public struct DeclaredModules: Sendable {
    /// The modules, in file order.
    public let modules: [DeclaredModule]
    private let byName: [CodePointKey: DeclaredModule]

    /// The modules of one config; a later module of the same name replaces an earlier one.
    public init(_ modules: [DeclaredModule]) {
        self.modules = modules
        self.byName = Dictionary(modules.map { (CodePointKey($0.name), $0) }, uniquingKeysWith: { _, last in last })
    }

    /// The module named `name`.
    public subscript(name: String) -> DeclaredModule? { byName[CodePointKey(name)] }

    /// What is wrong with a call to `target` (`MODULE.METHOD`), or `nil` when the module is in
    /// the config and its type has the method.
    public func problem(calling target: String) -> String? {
        guard let dot = target.firstIndex(of: ".") else { return "expected MODULE.METHOD, got '\(quoted(target))'" }
        let moduleName = String(target[..<dot])
        let method = String(target[target.index(after: dot)...])
        guard let module = self[moduleName] else { return noModule(moduleName) }
        guard module.methods.contains(where: { $0.hasSameCodePoints(as: method) }) else {
            let hint = Suggestion.didYouMean(method, in: module.methods)
            let known = module.methods.isEmpty ? "none" : module.methods.joined(separator: ", ")
            return "module '\(quoted(moduleName))' (\(module.typeName)) has no method '\(quoted(method))'"
                + (hint.map { "; \($0)" } ?? "; its methods: \(known)")
        }
        return nil
    }

    /// What is wrong with a reference to entity `id` (`MODULE.KEY`), or `nil` when it will
    /// exist, or when its module's entities are known only at run time.
    public func problem(withEntity id: String) -> String? {
        switch lookUp(id) {
        case .failure(let problem): problem.message
        case .success: nil
        }
    }

    /// What is wrong with the command `set ID STATE` (with `attributes`), and which part of it
    /// is: an entity that will not exist or cannot be set, a state its kind does not take, an
    /// attribute it does not know (a light's effect); `nil` when it would be accepted, or when
    /// the entity is known only at run time. A `nil` state (one a template makes when the rule
    /// runs) checks only that the entity can be set.
    ///
    /// The same checks `looselycoupled set` meets at run time, with "did you mean" for a
    /// misspelt state (`onn`).
    public func problem(setting id: String, to state: Value?, attributes: Value.Object = [:]) -> (
        message: String, part: CommandPart
    )? {
        let entity: Entity
        switch lookUp(id) {
        case .failure(let problem): return (problem.message, .entity)
        case .success(nil): return nil
        case .success(let found?): entity = found
        }
        guard let state else {
            return entity.kind.isSettable ? nil : (EntityCommand.readOnly(id, entity).message, .entity)
        }
        do {
            _ = try EntityCommand.check(state, attributes: attributes, for: entity, id: id)
            return nil
        } catch {
            guard error.code == .invalidState else { return (error.message, .entity) }
            if entity.kind == .light, case .string(let effect)? = attributes["effect"], !entity.effects.contains(effect)
            {
                let hint = Suggestion.didYouMean(effect, in: entity.effects)
                return (error.message + (hint.map { "; \($0)" } ?? ""), .attribute("effect"))
            }
            let hint = state.stringValue.flatMap { Suggestion.didYouMean($0, in: EntityCommand.states(of: entity)) }
            return (error.message + (hint.map { "; \($0)" } ?? ""), .state)
        }
    }

    /// The part of an entity command a problem is in.
    public enum CommandPart: Sendable, Equatable {
        /// The entity.
        case entity
        /// The state.
        case state
        /// The attribute of this name.
        case attribute(String)
    }

    private struct Problem: Error {
        let message: String
    }

    /// The entity `id` names: `nil` when its module's entities are known only at run time.
    private func lookUp(_ id: String) -> Result<Entity?, Problem> {
        guard let dot = id.firstIndex(of: ".") else {
            return .failure(Problem(message: "expected an entity id MODULE.KEY, got '\(quoted(id))'"))
        }
        let moduleName = String(id[..<dot])
        let key = String(id[id.index(after: dot)...])
        guard let module = self[moduleName] else { return .failure(Problem(message: noModule(moduleName))) }
        guard let entities = module.entities else { return .success(nil) }
        if let entity = entities.first(where: { $0.key.hasSameCodePoints(as: key) }) { return .success(entity) }
        let hint = Suggestion.closest(to: key, in: entities.map(\.key)).map { "did you mean '\(moduleName).\($0)'?" }
        let known = entities.isEmpty ? "none" : entities.map(\.key).joined(separator: ", ")
        return .failure(
            Problem(
                message: "module '\(quoted(moduleName))' (\(module.typeName)) has no entity '\(quoted(key))'"
                    + (hint.map { "; \($0)" } ?? "; its entities: \(known)")))
    }

    private func noModule(_ name: String) -> String {
        let hint = Suggestion.didYouMean(name, in: modules.map(\.name))
        return "no module '\(quoted(name))' in the config" + (hint.map { "; \($0)" } ?? "")
    }

    private func quoted(_ text: String) -> String { text.escapingControlCharacters() }
}
