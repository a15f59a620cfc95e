import LooselyCoupled
import LooselyCoupledTestKit

/// A running `looselycoupled events PATTERN` client and the events it printed, as a user
/// watching the daemon sees them.
struct EventsClient {
    let process: Subprocess

    /// Starts the client on `daemon`'s control socket and waits until it watches.
    init(_ daemon: TestDaemon, matching pattern: String) async throws {
        process = try Subprocess(executablePath, ["events", pattern, "--control-socket", daemon.socket])
        _ = try await process.line(in: \.stderr, containing: "watching events matching '\(pattern)'")
    }

    /// Every event printed so far, once `count` events named `name` have been, within `timeout`.
    func events(until name: String, count: Int = 1, timeout: Duration = .seconds(20)) async throws -> [Value] {
        let lines = try await withTimeout(timeout, "for \(count) × \(name)") { [process] in
            await process.stdout.wait { lines in lines.count { $0.contains("\"\(name)\"") } >= count }
        }
        return try lines.map { try Value(json: $0) }
    }
}
