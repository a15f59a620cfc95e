/// The type-erased face of a ``ModuleHost``: what the runtime needs of every module instance.
protocol ModuleHosting: AnyObject, Sendable {
    var name: String { get }
    var typeName: String { get }
    var required: Bool { get }
    var state: ModuleState { get }
    var mailbox: Mailbox { get }
    var methodNames: [String] { get }
    var eventPatterns: [String] { get }
    var statistics: ModuleStatistics { get }

    func methodIndex(_ method: String) -> Int?
    func handlerIndex(for event: String) -> Int?
    func call(method: String, index: Int, arguments: Value) async throws(CallError) -> Value

    func start(runtime: Runtime) async throws
    func activate() async
    func deactivate() async
    func stop(runtime: Runtime) async
    func markFailed()
}
