import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledDaemon

#if canImport(Glibc)
    import Glibc
#endif

@Suite("the control socket and its clients")
struct ControlSocketTests {
    @Test("status lists each module's name, type, state and entity count")
    func status() async throws {
        let daemon = try await TestDaemon(config: quietConfig)
        let table = try await daemon.client(["status"])
        #expect(table.code == 0)
        #expect(
            table.stdout.first?.split(separator: " ", omittingEmptySubsequences: true) == [
                "MODULE", "TYPE", "STATE", "ENTITIES", "PROCESSED", "ERRORS",
            ])
        let rows = table.stdout.dropFirst().prefix(3).map {
            $0.split(separator: " ", omittingEmptySubsequences: true).prefix(4).map(String.init)
        }
        // Each timer is an entity: clock has two, the others one.
        #expect(
            rows == [
                ["clock", "timer", "active", "2"], ["second", "timer", "active", "1"],
                ["third", "timer", "active", "1"],
            ])
        #expect(table.stdout.last?.hasPrefix("queue: 0/10000 queued") == true)

        let json = try await daemon.client(["status", "--json"])
        #expect(json.code == 0)
        let status = try Value(json: json.stdout.joined())
        #expect(status["pid"]?.intValue == Int(daemon.process.pid))
        #expect(status["modules"]?[0]?["methods"] == ["start", "stop", "list"])
        #expect(try await daemon.terminate() == 0)
    }

    @Test("call prints the result on stdout and exits 0; an error goes to stderr as JSON, exit 1")
    func call() async throws {
        let daemon = try await TestDaemon(config: quietConfig)
        let started = try await daemon.client(["call", "clock.start", #"{"timer": "nap"}"#])
        #expect(started.code == 0)
        #expect(started.stderr.isEmpty)
        let result = try Value(json: started.stdout.joined())
        #expect(result["name"] == "nap")
        #expect(result["running"] == true)

        let unknownModule = try await daemon.client(["call", "kitchen.list"])
        #expect(unknownModule.code == 1)
        #expect(unknownModule.stdout.isEmpty)
        #expect(unknownModule.stderr == [#"{"error":{"code":"unknown_module","message":"no module named 'kitchen'"}}"#])

        let badArguments = try await daemon.client(["call", "clock.stop", #"{"timer": "nope"}"#])
        #expect(badArguments.code == 1)
        let error = try Value(json: badArguments.stderr.joined())
        #expect(error["error"]?["code"] == "invalid_arguments")
        #expect(try await daemon.terminate() == 0)
    }

    @Test("an event triggered with `trigger` reaches a running `events` client")
    func triggerAndEvents() async throws {
        let daemon = try await TestDaemon(config: quietConfig)
        let watcher = try Subprocess(executablePath, ["events", "door*", "--control-socket", daemon.socket])
        _ = try await watcher.line(in: \.stderr, containing: "watching events matching 'door*'")

        let ignored = try await daemon.client(["trigger", "window_open"])
        #expect(ignored.code == 0)
        let triggered = try await daemon.client([
            "trigger", "doorbell", #"{"button": "front", "presses": 2}"#, "--priority", "high",
        ])
        #expect(triggered.code == 0)
        #expect(triggered.stdout.isEmpty && triggered.stderr.isEmpty)

        let line = try await watcher.line(in: \.stdout, containing: "doorbell")
        let event = try Value(json: line)
        #expect(event["event"] == "doorbell")
        #expect(event["payload"] == ["button": "front", "presses": 2])
        #expect(event["source"] == .null)
        #expect(event["priority"] == "high")
        #expect(event["transaction"]?.intValue != nil)
        #expect(event["time"]?.stringValue?.hasSuffix("Z") == true)
        #expect(
            Set(event.objectValue?.keys.map { $0 } ?? []) == [
                "event", "payload", "source", "priority", "transaction", "time",
            ])
        // Only what matches the glob: window_open came first and is not there.
        #expect(watcher.stdout.items.count == 1)

        // The events client ends when the daemon does.
        #expect(try await daemon.terminate() == 0)
        #expect(try await watcher.exitCode() == 0)
        #expect(
            watcher.stderr.items.last
                == "looselycoupled: the daemon closed the connection (it stopped)"
        )
    }

    @Test("JSON keeps the order its members were written in: call results, event lines and payloads, socket replies")
    func insertionOrder() async throws {
        let daemon = try await TestDaemon(config: quietConfig)
        let watcher = try Subprocess(executablePath, ["events", "door*", "--control-socket", daemon.socket])
        _ = try await watcher.line(in: \.stderr, containing: "watching events matching 'door*'")

        // A result as the timer module builds it: name, event, running, at, next, every.
        let started = try await daemon.client(["call", "clock.start", #"{"timer": "nap"}"#])
        #expect(started.code == 0)
        let keys = try #require(try Value(json: started.stdout.joined()).objectValue?.keys.map { $0 })
        #expect(keys == ["name", "event", "running", "at", "next", "every"])

        // A payload the client wrote, through the daemon and back out of `events`, byte for byte.
        let payload = #"{"zeta":1,"alpha":{"y":true,"x":false},"mid":[3,2,1]}"#
        #expect(try await daemon.client(["trigger", "doorbell", payload]).code == 0)
        let line = try await watcher.line(in: \.stdout, containing: "doorbell")
        #expect(
            line.hasPrefix(
                #"{"event":"doorbell","payload":"# + payload + #","source":null,"priority":"normal","transaction":"#))

        // A reply on the socket itself: the id first, then the result.
        let socket = daemon.socket
        try await withTimeout(.seconds(30), "for the reply") {
            try await blocking {
                var client = try RawClient(path: socket)
                try client.send(#"{"op":"call","target":"clock.list","id":7}"#)
                let reply = try #require(try client.replyText())
                #expect(reply.hasPrefix(#"{"id":7,"result":[{"name":"#))
            }
        }
        #expect(try await daemon.terminate() == 0)
        _ = try await watcher.exitCode()
    }

    @Test("status counts every event a slow watcher lost, as many as the watcher is told (watcher_dropped)")
    func watcherDropsAreCounted() async throws {
        let daemon = try await TestDaemon(config: quietConfig)
        let socket = daemon.socket
        try await withTimeout(.seconds(60), "for the flood and the watcher") {
            try await blocking {
                // A watcher that does not read while thousands of events go by.
                var watcher = try RawClient(path: socket)
                #expect(try watcher.request(["op": "events", "match": "flood"])?["result"]?["watching"] == "flood")
                var sender = try RawClient(path: socket)
                let count = 20_000
                for k in 0..<count {
                    try sender.send(#"{"op":"trigger","event":"flood","payload":{"k":\#(k)}}"#)
                    if k % 500 == 499 {
                        for _ in 0..<500 { _ = try sender.reply() }
                    }
                }
                // Now read everything the watcher was sent, up to the last event.
                var told = 0
                var received = 0
                while let line = try watcher.reply() {
                    if let dropped = line["dropped"]?.intValue { told += dropped }
                    if line["event"] == "flood" {
                        received += 1
                        if line["payload"]?["k"] == .int(count - 1) { break }
                    }
                }
                #expect(told > 0, "the watcher fell behind and was told so")
                #expect(received + told <= count)
                let status = try #require(try sender.request(["op": "status"]))
                let counted = try #require(status["result"]?["queue"]?["watcher_dropped"]?.intValue)
                #expect(counted >= told, "status counts \(counted), the watcher was told \(told)")
            }
        }
        #expect(try await daemon.terminate() == 0)
    }

    @Test(
        "one nesting limit for a payload: what the CLI accepts (512 levels) the daemon delivers; one level more the CLI refuses"
    )
    func payloadNestingLimit() async throws {
        let daemon = try await TestDaemon(config: quietConfig)
        let watcher = try Subprocess(executablePath, ["events", "deep", "--control-socket", daemon.socket])
        _ = try await watcher.line(in: \.stderr, containing: "watching events matching 'deep'")
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        let delivered = try await daemon.client(["trigger", "deep", #"{"x": 1}"#])
        #expect(delivered.code == 0)
        let accepted = try await daemon.client(["trigger", "deep", deepest])
        #expect(accepted.code == 0, "\(accepted.stderr)")
        let line = try await watcher.line(in: \.stdout, containing: "[[[[")
        #expect(line.hasPrefix(#"{"event":"deep","payload":[[[["#))
        let tooDeep = try await daemon.client(["trigger", "deep", "[" + deepest + "]"])
        #expect(tooDeep.code == 64)
        #expect(tooDeep.stderr.joined().contains("nested more than 512 levels deep"))
        #expect(try await daemon.terminate() == 0)
        _ = try await watcher.exitCode()
    }

    @Test("a control client that stops the daemon is named in the log: its pid and uid, from the kernel")
    func shutdownNamesThePeer() async throws {
        let daemon = try await TestDaemon(config: quietConfig)
        let socket = daemon.socket
        try await blocking {
            var client = try RawClient(path: socket)
            // The reply may or may not beat the shutdown closing the connection.
            _ = try? client.request(["op": "trigger", "event": "exit"])
        }
        #expect(try await daemon.process.exitCode() == 0)
        let line = try #require(
            daemon.process.stderr.items.first { $0.contains("shutdown requested by a control client") })
        #expect(line.contains("peer_pid=\(getpid())"))
        #expect(line.contains("peer_uid=\(getuid())"))
    }

    @Test("a client that sends nothing is told so and disconnected after the idle timeout, freeing its place")
    func idleClientsAreClosed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path + "/control.sock"
        try await ModuleManager.withRunning([]) { manager in
            let server = try ControlServer(
                path: path, manager: manager, logger: quietLogger, idleTimeout: .milliseconds(300))
            let run = Task { try await server.run() }
            defer { run.cancel() }
            try await withTimeout(.seconds(20), "for the idle client to be closed") {
                try await blocking {
                    var idle = try RawClient(path: path)
                    // Nothing sent: the next line is the daemon's notice, then the end.
                    #expect(try idle.reply()?["error"]?["code"] == "idle_timeout")
                    #expect(try idle.reply() == nil)
                    // A client that speaks is served, before and after the timeout.
                    var active = try RawClient(path: path)
                    #expect(try active.request(["op": "status"])?["result"]?["modules"] == [])
                }
            }
        }
    }

    @Test("malformed, oversized and unknown requests get error replies; the connection keeps working")
    func badInput() async throws {
        let daemon = try await TestDaemon(config: quietConfig)
        let socket = daemon.socket
        try await withTimeout(.seconds(30), "for the replies") {
            try await blocking {
                var client = try RawClient(path: socket)
                try client.send("this is not json")
                #expect(try client.reply()?["error"]?["code"] == "invalid_json")
                #expect(try client.request(["op": "launch"])?["error"]?["code"] == "unknown_op")
                #expect(try client.request(["target": "clock.list"])?["error"]?["code"] == "invalid_request")
                #expect(
                    try client.request(["op": "call", "target": "clock.list", "args": [1]])?["error"]?["code"]
                        == "invalid_request")
                try client.send([0xFF, 0xFE, UInt8(ascii: "\n")])
                #expect(try client.reply()?["error"]?["code"] == "invalid_json")

                // A line over 1 MiB (it arrives in several reads) is answered once and skipped.
                let huge = [UInt8](repeating: UInt8(ascii: "x"), count: (1 << 20) + 10) + [UInt8(ascii: "\n")]
                try client.send(huge)
                #expect(try client.reply()?["error"]?["code"] == "line_too_long")
                // A line of exactly 1 MiB is still read (and is not JSON).
                try client.send([UInt8](repeating: UInt8(ascii: " "), count: (1 << 20) - 1) + Array("1\n".utf8))
                #expect(try client.reply()?["error"]?["code"] == "invalid_request")

                // The same connection still serves requests, with their ids.
                let status = try client.request(["op": "status", "id": 7])
                #expect(status?["id"] == 7)
                #expect(status?["result"]?["modules"]?.arrayValue?.count == 3)
                let listed = try client.request(["op": "call", "target": "second.list"])
                #expect(listed?["result"]?[0]?["name"] == "hourly")
            }
        }

        // And the daemon serves new connections.
        let status2 = try await daemon.client(["status"])
        #expect(status2.code == 0)
        #expect(try await daemon.terminate() == 0)
    }

    @Test("many clients at once, while an events client streams")
    func concurrentClients() async throws {
        let daemon = try await TestDaemon(config: quietConfig)
        var watcher = try RawClient(path: daemon.socket)
        #expect(try watcher.request(["op": "events", "match": "ping"])?["result"] == ["watching": "ping"])

        let socket = daemon.socket
        let answers = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<24 {
                group.addTask {
                    // Each client on its own thread: the raw client blocks.
                    try await blocking {
                        var client = try RawClient(path: socket)
                        var good = 0
                        for round in 0..<5 {
                            let reply = try client.request([
                                "op": "call", "target": "clock.list", "id": .int(index * 10 + round),
                            ])
                            if reply?["id"] == .int(index * 10 + round), reply?["result"]?.arrayValue?.count == 2 {
                                good += 1
                            }
                            if try client.request(["op": "trigger", "event": "ping", "payload": ["from": .int(index)]]
                            )?["result"] == .null {
                                good += 1
                            }
                        }
                        return good
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(answers == 24 * 10)

        let pings = try await withTimeout(.seconds(20), "for the pings") { [watcher] in
            try await blocking {
                var watcher = watcher
                var pings = 0
                while pings < 24 * 5, let line = try watcher.reply() {
                    if line["event"] == "ping" { pings += 1 }
                }
                return pings
            }
        }
        #expect(pings == 24 * 5)
        // A daemon built with ThreadSanitizer exits 66 after a race; the report is in its log.
        let code = try await daemon.terminate()
        #expect(
            code == 0,
            "exit \(code): \(daemon.process.stderr.items.filter { $0.contains("WARNING") || $0.contains(" #") }.prefix(12).joined(separator: "\n"))"
        )
    }

    @Test(
        "without a daemon, every client says so and exits 2",
        arguments: [
            ["status"], ["call", "clock.list"], ["trigger", "doorbell"], ["events"],
        ])
    func notRunning(_ arguments: [String]) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let socket = directory.path + "/control.sock"
        let result = try await looselycoupled(arguments + ["--control-socket", socket])
        #expect(result.code == 2)
        #expect(
            result.stderr == [
                "looselycoupled: the daemon is not running (cannot connect to \(socket): No such file or directory)"
            ])
        #expect(result.stdout.isEmpty)
    }

    @Test("the socket is created with mode 0660 in a new directory, and removed on exit")
    func socketFile() async throws {
        let daemon = try await TestDaemon(config: quietConfig)
        var status = stat()
        #expect(stat(daemon.socket, &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFSOCK)
        #expect(status.st_mode & 0o777 == 0o660)
        #expect(try await daemon.terminate() == 0)
        #expect(access(daemon.socket, F_OK) != 0)
    }

    @Test("a second daemon on the same socket refuses to start; the first keeps running")
    func secondDaemon() async throws {
        let daemon = try await TestDaemon(config: quietConfig)
        let second = try await looselycoupled([
            "run", "--config", daemon.configPath, "--control-socket", daemon.socket,
        ])
        #expect(second.code == 1)
        #expect(second.stderr.contains { $0.contains("another looselycoupled daemon is running there") })
        #expect(try await daemon.client(["status"]).code == 0)
        #expect(try await daemon.terminate() == 0)
    }
}

/// Runs blocking work on a thread of its own, off the Swift concurrency pool.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    let result = Latch<Result<T, any Error>>()
    let thread = try OSThread.spawn(name: "test-client") { result.set(Result { try work() }) }
    let value = try await result.value
    thread.join()
    return try value.get()
}
