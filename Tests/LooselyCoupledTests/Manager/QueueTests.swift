import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@Suite struct QueueTests {
    /// A probe whose `work` parks on `gate` for the `park: true` item, so items pile up behind it.
    func blockingFirst(_ gate: Latch, parked: Latch, served: Recorder<Value>) -> ProbeHooks {
        parkingOnRequest(gate: gate, parked: parked) { served.append($0) }
    }

    @Test func higherPriorityFirstAndFIFOWithinAPriorityAcrossSenders() async throws {
        let gate = Latch()
        let parked = Latch()
        let served = Recorder<Value>()
        let sender = ProbeHooks()
        try await withManager(
            [probe("target", blockingFirst(gate, parked: parked, served: served)), probe("other", sender)],
            configuration: fastConfiguration()
        ) { manager async throws in
            try await manager.enqueue("target.work", ["park": true])
            await parked.wait()
            let plan: [(String, Priority)] = [
                ("low1", .low), ("normal1", .normal), ("highest1", .highest), ("low2", .low),
                ("high1", .high), ("normal2", .normal), ("lowest1", .lowest), ("highest2", .highest),
            ]
            for (index, (name, priority)) in plan.enumerated() {
                // Alternate senders: outside the modules, and another module's thread-safe API.
                if index.isMultiple(of: 2) {
                    try await manager.enqueue("target.work", ["name": .string(name)], priority: priority)
                } else {
                    try await onPlainThread {
                        try manager.enqueue("target.work", ["name": .string(name)], priority: priority)
                    }
                }
            }
            gate.open()
            let order = try await served.waitFor(count: plan.count).map { $0["name"]?.stringValue ?? "?" }
            #expect(order == ["highest1", "highest2", "high1", "normal1", "normal2", "low1", "low2", "lowest1"])
        }
    }

    @Test func asyncSendersSuspendWhileTheQueueIsFull() async throws {
        let gate = Latch()
        let parked = Latch()
        let served = Recorder<Value>()
        let enqueued = Recorder<Int>()
        try await withManager(
            [probe("target", blockingFirst(gate, parked: parked, served: served))],
            configuration: fastConfiguration(capacity: 4)
        ) { manager async throws in
            try await manager.enqueue("target.work", ["park": true])
            await parked.wait()
            let producer = Task {
                for i in 0..<20 {
                    try await manager.enqueue("target.work", ["i": .int(i)])
                    enqueued.append(i)
                    #expect(manager.statistics.queueDepth <= 4)
                }
            }
            // Three more fit beside the parked item; then the producer waits for room.
            _ = try await enqueued.waitFor(count: 3)
            #expect(manager.statistics.queueDepth == 4)
            gate.open()
            try await producer.value
            let all = try await served.waitFor(count: 20)
            #expect(all.map { $0["i"]?.intValue ?? -1 } == Array(0..<20))
        }
    }

    @Test func threadSendersBlockUpToTheirTimeoutThenGetQueueFull() async throws {
        let gate = Latch()
        let parked = Latch()
        let served = Recorder<Value>()
        try await withManager(
            [probe("target", blockingFirst(gate, parked: parked, served: served))],
            configuration: fastConfiguration(capacity: 2)
        ) { manager async throws in
            try await manager.enqueue("target.work", ["park": true])
            await parked.wait()
            let outcome = Recorder<String>()
            let thread = try OSThread.spawn(name: "sender") {
                do {
                    try manager.enqueue("target.work", ["i": 1])
                    outcome.append("queued")
                    try manager.enqueue("target.work", ["i": 2])
                    outcome.append("queued")
                } catch let error as CallError {
                    outcome.append(error.code.name)
                } catch {
                    outcome.append("\(error)")
                }
            }
            #expect(try await outcome.waitFor(count: 2) == ["queued", "queue_full"])
            thread.join()
            gate.open()
        }
    }

    @Test func dropOldestPolicyDropsTheOldestLeastUrgentItemAndCountsIt() async throws {
        let gate = Latch()
        let parked = Latch()
        let served = Recorder<Value>()
        var configuration = fastConfiguration(capacity: 4)
        configuration.overflow = .dropOldest
        let logs = LogCapture()
        let dropReported = Recorder<Bool>()
        try await withManager(
            [probe("target", blockingFirst(gate, parked: parked, served: served))], configuration: configuration,
            logger: logs.logger
        ) { manager async throws in
            try await manager.enqueue("target.work", ["park": true])
            await parked.wait()
            let thread = try OSThread.spawn(name: "sender") {
                // With the parked item, three more fill the queue; the fourth drops the oldest low.
                for (name, priority) in [
                    ("low-old", Priority.low), ("low-new", .low), ("normal", .normal), ("high", .high),
                ] {
                    _ = try? manager.enqueue("target.work", ["name": .string(name)], priority: priority)
                }
                // Less urgent than everything queued: the new item itself is the one dropped.
                if (try? manager.enqueue("target.work", ["name": "lowest"], priority: .lowest)) == nil {
                    dropReported.append(true)
                }
            }
            thread.join()
            #expect(manager.statistics.dropped == 2)
            #expect(dropReported.items == [true])
            gate.open()
            let names = try await served.waitFor(count: 3).map { $0["name"]?.stringValue ?? "?" }
            #expect(names == ["high", "normal", "low-new"])
            #expect(logs.messages.contains("queue full: dropped the oldest least urgent item"))
        }
    }

    @Test func aDroppedQueuedCallFailsItsCaller() async throws {
        let gate = Latch()
        let parked = Latch()
        let served = Recorder<Value>()
        var configuration = fastConfiguration(capacity: 2)
        configuration.overflow = .dropOldest
        try await withManager(
            [probe("target", blockingFirst(gate, parked: parked, served: served))], configuration: configuration
        ) { manager async throws in
            try await manager.enqueue("target.work", ["park": true])
            await parked.wait()
            let victim = try await onPlainThread {
                try manager.enqueue("target.work", ["name": "victim"], priority: .low)
            }
            try await onPlainThread { try manager.enqueue("target.work", ["name": "newer"], priority: .normal) }
            let error = await #expect(throws: CallError.self) { try await victim.value }
            #expect(error?.code == .queueFull)
            gate.open()
        }
    }
}
