import CPOSIX
import DequeModule
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension ModuleThread {
    /// The thread's run loop and the actor's executor: jobs first, in order; then one `ppoll` on
    /// the wake-up descriptor, the watched descriptors and the timer.
    ///
    /// A job enqueued from this thread is appended and run in the same pass, with no system
    /// call; one enqueued from another thread wakes the loop through the eventfd only while it
    /// sleeps in `ppoll`.
    final class Loop: SerialExecutor, TaskExecutor, Sendable {
        private struct Entry {
            let id: Int
            let descriptor: Int32
            let events: Int16
            let ready: @Sendable (Int16) -> Bool
            /// Paused after reporting readiness, until resumed.
            var enabled = true
            /// After `ready` returned `false`: not before this instant.
            var retryAt: UInt64?
        }

        private struct State {
            var jobs = Deque<UnownedJob>()
            /// A few per module: an array, searched by id, changed in place without allocating.
            var watches: [Entry] = []
            var nextWatch = 0
            var timer: (deadline: UInt64, fire: @Sendable () -> Bool)?
            /// In `ppoll`, or about to be: an enqueue from another thread must signal.
            var sleeping = false
            var signalled = false
            /// The owner let go: end once no job is left.
            var finishing = false
        }

        private let state = Locked(State())
        private let wakeDescriptor: Int32
        /// Fired once the loop has ended (its owner let go and no job was left).
        let ended = SetOnce<Bool>()

        /// On a loop's thread, that loop (unretained); nil on every other thread.
        private static let currentKey: pthread_key_t = {
            var key = pthread_key_t()
            pthread_key_create(&key, nil)
            return key
        }()

        /// How long `ppoll` waits at most while descriptors are watched. Some kernels (Debian
        /// 12's 6.1, checked for GPIO lines) do not wake a `poll` already waiting when a device
        /// goes away, while a new one reports `POLLHUP` at once: a lost device is noticed within
        /// this, and an idle module wakes this rarely.
        static let recheckNanoseconds: Int64 = 2_000_000_000
        /// How soon a `ready` or timer that could not hand its work on is tried again.
        static let retryNanoseconds: UInt64 = 1_000_000

        init(wakeDescriptor: Int32) {
            self.wakeDescriptor = wakeDescriptor
        }

        deinit {
            close(wakeDescriptor)
        }

        var isCurrent: Bool {
            pthread_getspecific(Self.currentKey) == Unmanaged.passUnretained(self).toOpaque()
        }

        /// Whether the caller runs on some module's thread.
        static var isOnModuleThread: Bool {
            pthread_getspecific(currentKey) != nil
        }

        // MARK: SerialExecutor

        func enqueue(_ job: consuming ExecutorJob) {
            let unowned = UnownedJob(job)
            let signal = state.withLock { state -> Bool in
                state.jobs.append(unowned)
                guard state.sleeping, !state.signalled else { return false }
                state.signalled = true
                return true
            }
            if signal { wake() }
        }

        func asUnownedSerialExecutor() -> UnownedSerialExecutor {
            UnownedSerialExecutor(ordinary: self)
        }

        func asUnownedTaskExecutor() -> UnownedTaskExecutor {
            UnownedTaskExecutor(ordinary: self)
        }

        /// What `preconditionIsolated` and `assumeIsolated` ask outside a job.
        func checkIsolated() {
            precondition(isCurrent, "not on the module's thread")
        }

        // MARK: Watches and the timer

        func watch(_ descriptor: Int32, events: Int16?, _ ready: @escaping @Sendable (Int16) -> Bool) -> Watch {
            let watch = changing { state -> Watch in
                let watch = Watch(id: state.nextWatch)
                state.nextWatch += 1
                state.watches.append(
                    Entry(id: watch.id, descriptor: descriptor, events: events ?? Int16(POLLIN), ready: ready))
                return watch
            }
            return watch
        }

        func resume(_ watch: Watch) {
            changing { state in
                if let index = state.watches.firstIndex(where: { $0.id == watch.id }) {
                    state.watches[index].enabled = true
                }
            }
        }

        func unwatch(_ watch: Watch) {
            changing { $0.watches.removeAll { $0.id == watch.id } }
        }

        func schedule(at deadline: UInt64?, _ fire: (@Sendable () -> Bool)?) {
            changing { state in
                if let deadline, let fire { state.timer = (deadline, fire) } else { state.timer = nil }
            }
        }

        func finish() {
            changing { $0.finishing = true }
        }

        /// Changes the state; wakes the loop if it sleeps on the state before the change.
        private func changing<T>(_ body: (inout State) -> T) -> T {
            let (result, signal) = state.withLock { state -> (T, Bool) in
                let result = body(&state)
                guard state.sleeping, !state.signalled else { return (result, false) }
                state.signalled = true
                return (result, true)
            }
            if signal { wake() }
            return result
        }

        private func wake() {
            var one: UInt64 = 1
            // A full counter (EAGAIN) already holds a wake-up; EINTR is retried by swift-system.
            _ = try? withUnsafeBytes(of: &one) { try FileDescriptor(rawValue: wakeDescriptor).write($0) }
        }

        // MARK: The loop

        private enum Step {
            case run(UnownedJob)
            case poll(timeout: Int64)
            case end
        }

        func run() {
            pthread_setspecific(Self.currentKey, Unmanaged.passUnretained(self).toOpaque())
            // A timer is a deadline here (a blink boundary), not a hint: no slack. Failing that
            // (never on Linux), timeouts may run up to the default 50 µs late.
            _ = lc_set_timer_slack(1)
            let serial = asUnownedSerialExecutor()
            let task = asUnownedTaskExecutor()
            var descriptors: [pollfd] = []
            var polled: [Int] = []
            var due: [(Int, @Sendable (Int16) -> Bool, Int16)] = []
            while true {
                descriptors.removeAll(keepingCapacity: true)
                polled.removeAll(keepingCapacity: true)
                descriptors.append(pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0))
                let step = state.withLock { state -> Step in
                    if let job = state.jobs.popFirst() { return .run(job) }
                    if state.finishing { return .end }
                    let now = MonotonicClock.now()
                    var deadline = state.timer?.deadline
                    for index in state.watches.indices {
                        let entry = state.watches[index]
                        if let retry = entry.retryAt {
                            guard retry <= now else {
                                deadline = min(deadline ?? retry, retry)
                                continue
                            }
                            state.watches[index].retryAt = nil
                        }
                        guard entry.enabled else { continue }
                        descriptors.append(pollfd(fd: entry.descriptor, events: entry.events, revents: 0))
                        polled.append(entry.id)
                    }
                    state.sleeping = true
                    var timeout: Int64 = polled.isEmpty ? -1 : Self.recheckNanoseconds
                    if let deadline {
                        let remaining = deadline > now ? Int64(clamping: deadline - now) : 0
                        timeout = timeout < 0 ? remaining : min(timeout, remaining)
                    }
                    return .poll(timeout: timeout)
                }
                switch step {
                case .run(let job):
                    // As both executors at once: the module's actor and its tasks' preferred
                    // executor are this one thread, so moving between them is no hop. That is
                    // sound because this thread runs one job at a time.
                    job.runSynchronously(isolatedTo: serial, taskExecutor: task)
                    continue
                case .end:
                    ended.set(true)
                    return
                case .poll(let timeout):
                    let ready = descriptors.withUnsafeMutableBufferPointer { buffer in
                        lc_ppoll(buffer.baseAddress, UInt(buffer.count), timeout)
                    }
                    if descriptors[0].revents != 0 { drainWake() }
                    due.removeAll(keepingCapacity: true)
                    let now = MonotonicClock.now()
                    // Taken out through a variable: returned through the lock's generic result,
                    // the closure would be wrapped in two thunks, allocated on every timer.
                    var timer: (@Sendable () -> Bool)?
                    state.withLock { state in
                        state.sleeping = false
                        state.signalled = false
                        if ready > 0 {
                            for (slot, id) in polled.enumerated() where descriptors[slot + 1].revents != 0 {
                                guard let index = state.watches.firstIndex(where: { $0.id == id }),
                                    state.watches[index].enabled
                                else { continue }
                                state.watches[index].enabled = false
                                state.watches[index].retryAt = nil
                                due.append((id, state.watches[index].ready, descriptors[slot + 1].revents))
                            }
                        }
                        guard let due = state.timer, due.deadline <= now else { return }
                        state.timer = nil
                        timer = due.fire
                    }
                    for (id, ready, revents) in due where !ready(revents) {
                        state.withLock { state in
                            guard let index = state.watches.firstIndex(where: { $0.id == id }) else { return }
                            state.watches[index].enabled = true
                            state.watches[index].retryAt = now + Self.retryNanoseconds
                        }
                    }
                    if let timer, !timer() {
                        state.withLock { state in
                            // A timer set meanwhile wins over the retry.
                            if state.timer == nil { state.timer = (now + Self.retryNanoseconds, timer) }
                        }
                    }
                }
            }
        }

        private func drainWake() {
            var count: UInt64 = 0
            // Empty already (EAGAIN) is as good as drained; EINTR is retried by swift-system.
            _ = try? withUnsafeMutableBytes(of: &count) { try FileDescriptor(rawValue: wakeDescriptor).read(into: $0) }
        }
    }
}
