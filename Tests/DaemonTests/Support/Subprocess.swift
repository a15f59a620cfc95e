import LooselyCoupled
import LooselyCoupledTestKit
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Serializes creating descriptors and spawning children, so no child of a test running in
/// parallel inherits another test's pipe before its close-on-exec flag is set. It counts the
/// children spawned: a `Locked` of an empty value keeps it at the object's first address, where
/// ThreadSanitizer took the lock's own accesses for a race with reads of the object's header.
private let spawnLock = Locked(0)

/// A child process with its stdout and stderr collected line by line on reader threads.
final class Subprocess: Sendable {
    let pid: pid_t
    let arguments: [String]
    let stdout = Collector<String>()
    let stderr = Collector<String>()
    private let exitStatus = Latch<Int32>()
    private let threads: [OSThread]

    struct LaunchError: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `executable` with `arguments`; the environment is this process's without the
    /// systemd variables, plus `environment`. Stdin is /dev/null.
    init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stderrDescriptor: Int32? = nil
    ) throws {
        self.arguments = arguments
        var env: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                env[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            cursor += 1
        }
        for name in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM", "LISTEN_FDS"] {
            env[name] = nil
        }
        env.merge(environment) { _, new in new }

        let (pid, outRead, errRead) = try spawnLock.withLock { spawned -> (pid_t, Int32, Int32) in
            spawned += 1
            let out = try Self.pipePair()
            let err = try Self.pipePair()
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, out.write, 1)
            posix_spawn_file_actions_adddup2(&actions, err.write, 2)
            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer {
                for pointer in argv { free(pointer) }
                for pointer in envp { free(pointer) }
            }
            var pid = pid_t()
            let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
            close(out.write)
            close(err.write)
            guard result == 0 else {
                close(out.read)
                close(err.read)
                throw LaunchError(description: "cannot start \(executable): errno \(result)")
            }
            return (pid, out.read, err.read)
        }
        self.pid = pid
        let stdout = self.stdout
        let stderr = self.stderr
        let exitStatus = self.exitStatus
        threads = [
            try OSThread.spawn(name: "test-stdout") { Self.readLines(outRead, into: stdout) },
            try OSThread.spawn(name: "test-stderr") { Self.readLines(errRead, into: stderr) },
            try OSThread.spawn(name: "test-waitpid") {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                // Exit code, or 128 + signal as a shell reports it.
                let signal = status & 0x7F
                exitStatus.set(signal == 0 ? (status >> 8) & 0xFF : 128 + signal)
            },
        ]
    }

    deinit {
        if exitStatus.current == nil { kill(pid, SIGKILL) }
        for thread in threads { thread.join() }
    }

    /// Sends `signal` to the process.
    func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// The exit status (128 + N after signal N), once the process has exited and its output
    /// is all read.
    func exitCode(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let exitStatus = self.exitStatus
        let stdout = self.stdout
        let stderr = self.stderr
        return try await withTimeout(timeout, "for \(arguments.first ?? "the process") to exit") {
            let code = try await exitStatus.value
            _ = await stdout.wait { _ in false }
            _ = await stderr.wait { _ in false }
            return code
        }
    }

    /// The first stdout or stderr line containing `text`.
    func line(
        in stream: KeyPath<Subprocess, Collector<String>>, containing text: String, timeout: Duration = .seconds(20)
    ) async throws
        -> String
    {
        let collector = self[keyPath: stream]
        let lines = try await withTimeout(timeout, "for a line containing '\(text)'") {
            await collector.wait { $0.contains { $0.contains(text) } }
        }
        guard let line = lines.first(where: { $0.contains(text) }) else {
            throw TimeoutError(what: "for '\(text)': the stream ended; it had: \(lines.joined(separator: " | "))")
        }
        return line
    }

    private static func pipePair() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else { throw LaunchError(description: "pipe failed: errno \(errno)") }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }

    private static func readLines(_ descriptor: Int32, into collector: Collector<String>) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            pending += buffer[0..<count]
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                collector.append(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
        if !pending.isEmpty { collector.append(String(decoding: pending, as: UTF8.self)) }
        close(descriptor)
        collector.close()
    }
}
