import LooselyCoupledTestKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The built `looselycoupled` executable, next to this test binary in the build products
/// directory (`LOOSELYCOUPLED_BIN` overrides).
let executablePath: String = {
    if let override = getenv("LOOSELYCOUPLED_BIN") { return String(cString: override) }
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let testBinary = count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
    // .build/debug/looselycoupledPackageTests.xctest (a file on Linux) sits beside the executable.
    let directory = testBinary.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    return directory + "/looselycoupled"
}()

/// The repository's root, for the shipped config files.
let repositoryRoot: String = {
    // This file is Tests/DaemonTests/Support/TestDaemon.swift.
    String(#filePath).split(separator: "/", omittingEmptySubsequences: false).dropLast(4).joined(separator: "/")
}()

/// A fresh directory under /tmp, removed (one level deep) by ``remove()``.
struct TemporaryDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/lc-test-XXXXXX".utf8CString)
        guard template.withUnsafeMutableBufferPointer({ buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }) != nil
        else {
            throw Subprocess.LaunchError(description: "mkdtemp failed: errno \(errno)")
        }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Writes `contents` to `name` in the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ contents: String) -> String {
        let file = path + "/" + name
        precondition(writeFile(file, contents), "cannot write \(file)")
        return file
    }

    func remove() {
        removeTree(path)
    }

    private func removeTree(_ path: String) {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard name != ".", name != ".." else { continue }
                let child = path + "/" + name
                if unlink(child) != 0 { removeTree(child) }
            }
            closedir(directory)
        }
        rmdir(path)
    }
}

/// What a finished command printed and its exit status.
struct CommandResult: Sendable {
    let code: Int32
    let stdout: [String]
    let stderr: [String]
}

/// Runs `looselycoupled ARGUMENTS` to the end.
func looselycoupled(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
    let process = try Subprocess(executablePath, arguments, environment: environment)
    let code = try await process.exitCode()
    return CommandResult(code: code, stdout: process.stdout.items, stderr: process.stderr.items)
}

/// A daemon running a config in its own directory with its own control socket.
final class TestDaemon: Sendable {
    let directory: TemporaryDirectory
    let socket: String
    let configPath: String
    let process: Subprocess

    /// Starts `looselycoupled run` with `config` at debug level and waits until its modules
    /// are active.
    init(config: String, arguments: [String] = [], environment: [String: String] = [:], waitForModules: Bool = true)
        async throws
    {
        directory = try TemporaryDirectory()
        socket = directory.path + "/run/control.sock"
        configPath = directory.write("looselycoupled.yaml", Self.withStateDirectory(config, in: directory))
        process = try Subprocess(
            executablePath,
            ["run", "--config", configPath, "--control-socket", socket, "--log-level", "debug"] + arguments,
            environment: environment)
        if waitForModules {
            _ = try await process.line(in: \.stderr, containing: "modules active")
        }
    }

    deinit {
        directory.remove()
    }

    /// Replaces the config file with `config` (with a `state_dir` as at start), for a reload.
    func rewriteConfig(_ config: String) {
        directory.write("looselycoupled.yaml", Self.withStateDirectory(config, in: directory))
    }

    /// `config` with a `state_dir` in the test's directory unless it names one: a daemon under
    /// test never writes the package's `/var/lib/looselycoupled` (restore entities, such as a
    /// controller's rule switches, are saved there).
    static func withStateDirectory(_ config: String, in directory: TemporaryDirectory) -> String {
        let names = config.split(separator: "\n").contains { $0.hasPrefix("state_dir:") }
        return names ? config : "state_dir: \(directory.path)/state\n" + config
    }

    /// Runs a client command (`status`, `call`, …) against this daemon.
    func client(_ arguments: [String]) async throws -> CommandResult {
        try await looselycoupled(arguments + ["--control-socket", socket])
    }

    /// Waits until `count` stderr lines contain `text`.
    func waitForStderr(_ text: String, count: Int, timeout: Duration = .seconds(20)) async throws {
        let stderr = process.stderr
        _ = try await withTimeout(timeout, "for \(count) stderr lines containing '\(text)'") {
            await stderr.wait { $0.count { $0.contains(text) } >= count }
        }
    }

    /// Sends SIGTERM and returns the exit status.
    func terminate(_ signal: Int32 = SIGTERM) async throws -> Int32 {
        process.send(signal)
        return try await process.exitCode()
    }
}

/// A config with a few timer modules, none of which fires during a test unless asked to.
let quietConfig = """
    modules:
      clock:
        type: timer
        timers:
          alarm: {at: "03:00", payload: {room: bedroom}}
          nap: {every: 1h, autostart: false}
      second:
        type: timer
        timers:
          hourly: {every: 1h}
      third:
        type: timer
        timers:
          daily: {at: "12:00"}
    """
