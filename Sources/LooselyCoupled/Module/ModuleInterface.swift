/// What a module type offers: methods callable as `module.method`, handlers for events (exact
/// names or glob patterns such as `gpio_*`) and jobs repeated every interval.
///
/// Built with a result builder from ``Method``, ``On`` and ``Every``:
///
/// ```swift
/// static let interface = ModuleInterface<Counter> {
///     Method("add") { counter, args in
///         counter.total += args["n"]?.intValue ?? 1
///         return .int(counter.total)
///     }
///     On("tick") { counter, _ in counter.total += 1 }
///     Every(.seconds(60)) { counter in try await counter.report() }
/// }
/// ```
public struct ModuleInterface<M: Module>: Sendable {
    /// One declaration of the interface.
    public enum Element: Sendable {
        case method(Method<M>)
        case handler(On<M>)
        case job(Every<M>)
    }

    /// Methods in declaration order.
    let methods: [Method<M>]
    /// Method positions by name, compared by code points.
    let methodIndex: NameTable<Int>
    /// Event handlers in declaration order.
    let handlers: [On<M>]
    /// Repeating jobs in declaration order.
    let jobs: [Every<M>]
    /// The bodies alone, indexed like `methods` and `handlers`: the dispatcher copies one
    /// closure per delivery instead of a whole declaration.
    let methodBodies: [MethodBody<M>]
    let handlerBodies: [HandlerBody<M>]

    /// Builds an interface from declarations; a later method of the same name replaces an earlier.
    public init(@ModuleInterfaceBuilder<M> _ elements: () -> [Element] = { [] }) {
        var methods: [Method<M>] = []
        var methodIndex: [CodePointKey: Int] = [:]
        var handlers: [On<M>] = []
        var jobs: [Every<M>] = []
        for element in elements() {
            switch element {
            case .method(let method):
                if let existing = methodIndex[CodePointKey(method.name)] {
                    methods[existing] = method
                } else {
                    methodIndex[CodePointKey(method.name)] = methods.count
                    methods.append(method)
                }
            case .handler(let handler):
                handlers.append(handler)
            case .job(let job):
                jobs.append(job)
            }
        }
        self.methods = methods
        self.methodIndex = NameTable(methods.enumerated().map { ($0.element.name, $0.offset) })
        self.handlers = handlers
        self.jobs = jobs
        self.methodBodies = methods.map(\.body)
        self.methodNames = methods.map(\.name)
        self.handlerBodies = handlers.map(\.body)
    }

    /// The names of the methods, in declaration order.
    public let methodNames: [String]

    /// The event patterns handled, in declaration order.
    public var eventPatterns: [String] { handlers.map(\.pattern.text) }

    /// The handler that receives `event`: an exact name wins over a glob; among globs, the first
    /// declared. `nil` when the module does not handle the event.
    func handlerIndex(for event: String) -> Int? {
        var firstGlob: Int?
        for (index, handler) in handlers.enumerated() {
            if handler.pattern.isLiteral {
                if handler.pattern.text.hasSameCodePoints(as: event) { return index }
            } else if firstGlob == nil, handler.pattern.matches(event) {
                firstGlob = index
            }
        }
        return firstGlob
    }
}
