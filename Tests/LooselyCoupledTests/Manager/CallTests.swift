import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@Suite struct CallTests {
    @Test func syncCallByNameReturnsTheMethodsValue() async throws {
        try await withManager([probe("a")], configuration: fastConfiguration()) { manager async throws in
            #expect(try await manager.call("a.echo", ["n": 3, "s": "x"]) == ["n": 3, "s": "x"])
        }
    }

    @Test func syncCallDoesNotWaitBehindTheQueue() async throws {
        let parked = Latch()
        let release = Latch()
        var hooks = ProbeHooks()
        hooks.work = { _, arguments in
            parked.open()
            await release.wait()
            return arguments
        }
        try await withManager([probe("slow", hooks)], configuration: fastConfiguration()) { manager async throws in
            // The queued call parks in its handler with more items queued behind it.
            let first = try await manager.enqueue("slow.work", ["i": 0])
            for i in 1...5 { try await manager.enqueue("slow.echo", ["i": .int(i)]) }
            await parked.wait()
            #expect(manager.statistics.queueDepth == 6)
            // A synchronous call is served now, not after the six.
            #expect(try await manager.call("slow.echo", ["now": true]) == ["now": true])
            release.open()
            #expect(try await first.value == ["i": 0])
        }
    }

    @Test(arguments: [
        ("nodot", CallError.Code.invalidTarget, "'nodot' is not of the form module.method"),
        ("ghost.echo", .unknownModule, "no module named 'ghost'"),
        ("a.nothing", .unknownMethod, "module 'a' has no method 'nothing'"),
    ])
    func callsWithBadTargetsGetTypedErrors(target: String, code: CallError.Code, message: String) async throws {
        try await withManager([probe("a")], configuration: fastConfiguration()) { manager async throws in
            let error = await #expect(throws: CallError.self) { try await manager.call(target) }
            #expect(error?.code == code)
            #expect(error?.message == message)
            let queued = await #expect(throws: CallError.self) { try await manager.enqueue(target) }
            #expect(queued?.code == code)
        }
    }

    @Test func invalidArgumentsAreATypedError() async throws {
        actor Adder: Module {
            init(context: ModuleContext) {}
            struct Arguments: Decodable { var a: Int; var b: Int }
            static let interface = ModuleInterface<Adder> {
                Method("add") { _, arguments in
                    let parsed: Arguments
                    do { parsed = try arguments.decode() } catch { throw CallError(.invalidArguments, "\(error)") }
                    return .int(parsed.a + parsed.b)
                }
            }
        }
        try await withManager([ModuleSpec(Adder.self, name: "adder")], configuration: fastConfiguration()) {
            manager async throws in
            #expect(try await manager.call("adder.add", ["a": 2, "b": 3]) == 5)
            let error = await #expect(throws: CallError.self) {
                try await manager.call("adder.add", ["a": 2, "b": "x"])
            }
            #expect(error?.code == .invalidArguments)
            #expect(error?.message == #"b: expected int, got string "x""#)
        }
    }

    @Test func aHandlersOwnErrorComesBackAsHandlerFailedWithTheError() async throws {
        try await withManager([probe("a")], configuration: fastConfiguration()) { manager async throws in
            let error = await #expect(throws: CallError.self) { try await manager.call("a.fail") }
            #expect(error?.code == .handlerFailed)
            #expect(error?.message == "a.fail failed: probe failure")
            #expect(error?.underlying is Probe.Failure)
            // The module keeps working.
            #expect(try await manager.call("a.echo", [1]) == [1])
        }
    }

    @Test func queuedCallResultCanBeAwaitedOrIgnored() async throws {
        let seen = Recorder<Value>()
        var hooks = ProbeHooks()
        hooks.work = { _, arguments in
            seen.append(arguments)
            return ["doubled": .int((arguments["n"]?.intValue ?? 0) * 2)]
        }
        try await withManager([probe("a", hooks)], configuration: fastConfiguration()) { manager async throws in
            try await manager.enqueue("a.work", ["n": 1])  // fire and forget
            let handle = try await manager.enqueue("a.work", ["n": 21], priority: .high)
            #expect(try await handle.value == ["doubled": 42])
            #expect(handle.metadata.priority == .high)
            _ = try await seen.waitFor(count: 2)
            let failed = try await manager.enqueue("a.fail")
            let error = await #expect(throws: CallError.self) { try await failed.value }
            #expect(error?.code == .handlerFailed)
        }
    }
}
