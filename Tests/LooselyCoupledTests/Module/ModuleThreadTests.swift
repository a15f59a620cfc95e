import LooselyCoupledTestKit
import Synchronization
import Testing

@testable import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#endif

/// A module on a thread of its own, with a pipe standing for a device: what it reads arrives
/// through its mailbox.
private actor Reader: Module {
    nonisolated let thread: ModuleThread
    nonisolated var unownedExecutor: UnownedSerialExecutor { thread.unownedExecutor }
    nonisolated var taskExecutor: (any TaskExecutor)? { thread.taskExecutor }

    let context: ModuleContext
    let device: Pipe
    let seen: Recorder<String>
    var watch: ModuleThread.Watch?

    init(context: ModuleContext, device: Pipe, seen: Recorder<String>) throws {
        thread = try ModuleThread(name: "test-reader")
        self.context = context
        self.device = device
        self.seen = seen
    }

    init(context: ModuleContext) throws { throw CallError(.invalidArguments, "needs a device") }

    static let interface = ModuleInterface<Reader> {
        Method("on_thread") { reader, _ in .bool(reader.thread.isCurrent) }
        Method("mark") { reader, arguments in reader.seen.append("call \(arguments["n"]?.intValue ?? -1)") }
        Method("post_as_other_type") { reader, _ in
            try reader.context.post(to: Other.self) { _ in }
        }
        On("tick") { reader, _ in reader.seen.append("tick on thread \(reader.thread.isCurrent)") }
    }

    func activate() async {
        let context = context
        watch = thread.watch(device.readEnd) { _ in
            do throws(CallError) {
                try context.post(to: Reader.self, blocking: false) { reader in reader.readDevice() }
                return true
            } catch {
                return error.code != .queueFull
            }
        }
    }

    func readDevice() {
        seen.append("read \(device.drain()) on thread \(thread.isCurrent)")
        if let watch { thread.resume(watch) }
    }
}

/// Runs a closure as a job on a module thread.
private actor OnThread {
    nonisolated let thread: ModuleThread
    nonisolated var unownedExecutor: UnownedSerialExecutor { thread.unownedExecutor }
    init(_ thread: ModuleThread) { self.thread = thread }
    func run(_ body: @Sendable () -> Void) { body() }
}

private actor Other: Module {
    init(context: ModuleContext) {}
}

/// A pipe whose read end a module thread watches.
private final class Pipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() throws {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw CallError(.invalidArguments, "pipe failed") }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) }
        (readEnd, writeEnd) = (descriptors[0], descriptors[1])
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    func send(_ text: String) {
        _ = text.utf8CString.withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count - 1) }
    }

    /// What is pending, as text.
    func drain() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

@Suite("ModuleThread: a module on a thread of its own")
struct ModuleThreadTests {
    private func withReader(
        configuration: ModuleManager.Configuration = .init(),
        _ body: (ModuleManager, Pipe, Recorder<String>) async throws -> Void
    ) async throws {
        let device = try Pipe()
        let seen = Recorder<String>()
        try await ModuleManager.withRunning(
            [ModuleSpec(Reader.self, name: "reader") { try Reader(context: $0, device: device, seen: seen) }],
            configuration: configuration
        ) { manager in
            try await body(manager, device, seen)
        }
    }

    @Test(
        "the module's methods and handlers run on its thread, also when called from the shared pool or a plain thread")
    func runsOnItsThread() async throws {
        try await withReader { manager, _, seen async throws in
            #expect(try await manager.call("reader.on_thread") == true)
            let fromThread = try await onPlainThread { try manager.callBlocking("reader.on_thread") }
            #expect(fromThread == true)
            try await manager.trigger("tick")
            #expect(try await seen.waitFor(count: 1) == ["tick on thread true"])
        }
    }

    @Test(
        "a watched descriptor's readiness reaches the module through its mailbox, on its thread, and again after resume"
    )
    func readinessIsPosted() async throws {
        try await withReader { manager, device, seen async throws in
            device.send("one")
            #expect(try await seen.waitFor(count: 1) == ["read one on thread true"])
            device.send("two")
            #expect(try await seen.waitFor(count: 2).last == "read two on thread true")
        }
    }

    @Test(
        "work posted while the queue is full waits in the device, is not lost, and keeps its order behind earlier calls"
    )
    func fullQueueKeepsInputInTheDevice() async throws {
        var configuration = ModuleManager.Configuration()
        configuration.queueCapacity = 4
        try await withReader(configuration: configuration) { manager, device, seen async throws in
            // Queued calls fill the queue; the module's own thread must not block on it (it is
            // the thread that drains them), so the readiness is tried again until there is room.
            for n in 0..<20 { try await manager.enqueue("reader.mark", ["n": .int(n)]) }
            device.send("data")
            let items = try await seen.waitFor(count: 21)
            #expect(items.filter { $0.hasPrefix("call") } == (0..<20).map { "call \($0)" })
            #expect(items.contains("read data on thread true"))
        }
    }

    @Test("work can be posted only for the module's own type")
    func postOnlyToItself() async throws {
        try await withReader { manager, _, _ async throws in
            let error = await #expect(throws: CallError.self) { try await manager.call("reader.post_as_other_type") }
            #expect(error?.code == .invalidArguments)
        }
    }

    @Test(
        "the timer fires on the thread, never before its deadline; a new one replaces it; a cancelled one never fires")
    func timer() async throws {
        let thread = try ModuleThread(name: "test-timer")
        let fired = Recorder<(at: UInt64, onThread: Bool)>()
        let deadline = MonotonicClock.now() + 30_000_000
        // Both in one job on the thread: the first is replaced before the thread looks at it.
        await OnThread(thread).run {
            thread.schedule(at: deadline - 29_000_000) {
                fired.append((0, false))
                return true
            }
            thread.schedule(at: deadline) {
                fired.append((MonotonicClock.now(), thread.isCurrent))
                return true
            }
        }
        let first = try await fired.waitFor(count: 1)
        #expect(first[0].at >= deadline)
        #expect(first[0].onThread)

        // Scheduled and cancelled in one job on the thread, which checks its timer only between
        // jobs: the first timer is cancelled before it can come due, however busy the machine.
        await OnThread(thread).run {
            thread.schedule(at: MonotonicClock.now() + 1_000_000) {
                fired.append((0, false))
                return true
            }
            thread.cancelTimer()
            // A later timer fires; the cancelled one, due before it, did not.
            thread.schedule(at: MonotonicClock.now() + 60_000_000) {
                fired.append((MonotonicClock.now(), true))
                return true
            }
        }
        let second = try await fired.waitFor(count: 2)
        #expect(second[1].at > 0)
        #expect(fired.items.count == 2)
    }

    @Test("a timer whose work cannot be handed on yet is tried again shortly")
    func timerRetries() async throws {
        let thread = try ModuleThread(name: "test-retry")
        let attempts = Recorder<Int>()
        let count = Atomic<Int>(0)
        thread.schedule(at: MonotonicClock.now()) {
            let attempt = count.add(1, ordering: .relaxed).newValue
            attempts.append(attempt)
            return attempt >= 3
        }
        #expect(try await attempts.waitFor(count: 3) == [1, 2, 3])
    }

    @Test("releasing a ModuleThread ends its thread, after the jobs already queued")
    func endsWhenReleased() async throws {
        var thread: ModuleThread? = try ModuleThread(name: "test-end")
        let loop = try #require(thread?.loop)
        #expect(thread?.isCurrent == false)
        thread = nil
        #expect(try await withTimeout(.seconds(10), "for the thread to end") { await loop.ended.value })
    }
}
