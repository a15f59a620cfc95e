import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@Suite struct ThreadTests {
    @Test func triggerEnqueueAndBlockingCallWorkFromPlainThreads() async throws {
        let seen = Recorder<Value>()
        var hooks = ProbeHooks()
        hooks.event = { _, event in seen.append(["event": .string(event.name)]) }
        hooks.work = { _, arguments in
            seen.append(arguments)
            return .null
        }
        try await withManager([probe("a", hooks)], configuration: fastConfiguration()) { manager async throws in
            let answer = try await onPlainThread { () throws -> Value in
                try manager.trigger("edge", ["line": 17])
                try manager.enqueue("a.work", ["queued": true])
                return try manager.callBlocking("a.echo", ["blocking": true], timeout: .seconds(30))
            }
            #expect(answer == ["blocking": true])
            #expect(try await seen.waitFor(count: 2) == [["event": "edge"], ["queued": true]])
        }
    }

    @Test func aModulesOwnThreadSendsWithItsNameAsSource() async throws {
        let sources = Recorder<String>()
        var sender = ProbeHooks()
        sender.work = { context, _ in
            try await onPlainThread { try context.trigger("from_thread") }
            return .null
        }
        var listener = ProbeHooks()
        listener.event = { _, event in
            if event.name == "from_thread" { sources.append(event.metadata.source ?? "none") }
        }
        try await withManager(
            [probe("sender", sender), probe("listener", listener)], configuration: fastConfiguration()
        ) {
            manager async throws in
            _ = try await manager.call("sender.work")
            #expect(try await sources.waitFor(count: 1) == ["sender"])
        }
    }

    @Test func aBlockingCallFromTheDispatchersContextFailsInsteadOfDeadlocking() async throws {
        var hooks = ProbeHooks()
        hooks.work = { context, _ in
            do throws(CallError) {
                _ = try context.callBlocking("other.echo", ["x": 1])
                return "returned"
            } catch {
                return .string(error.code.name)
            }
        }
        try await withManager([probe("a", hooks), probe("other")], configuration: fastConfiguration()) {
            manager async throws in
            #expect(try await manager.call("a.work") == "blocking_call_in_async_context")
            let queued = try await manager.enqueue("a.work")
            #expect(try await queued.value == "blocking_call_in_async_context")
        }
    }

    @Test func aBlockingCallTimesOut() async throws {
        let gate = Latch()
        var hooks = ProbeHooks()
        hooks.work = { _, _ in
            await gate.wait()
            return .null
        }
        try await withManager([probe("slow", hooks)], configuration: fastConfiguration()) { manager async throws in
            let outcome = try await onPlainThread { () -> String in
                do throws(CallError) {
                    _ = try manager.callBlocking("slow.work", timeout: .milliseconds(50))
                    return "returned"
                } catch {
                    return error.code.name
                }
            }
            #expect(outcome == "timeout")
            gate.open()
        }
    }
}
