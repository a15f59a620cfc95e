import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@Suite struct MetadataTests {
    @Test func everyItemCarriesTransactionPrioritySourceAndEnqueueTime() async throws {
        let seen = Recorder<ItemMetadata>()
        var sender = ProbeHooks()
        sender.work = { context, _ in
            try await context.trigger("note", priority: .low)
            return .null
        }
        var receiver = ProbeHooks()
        receiver.event = { _, event in if event.name == "note" { seen.append(event.metadata) } }
        try await withManager(
            [probe("sender", sender), probe("receiver", receiver)], configuration: fastConfiguration()
        ) {
            manager async throws in
            let before = MonotonicClock.now()
            _ = try await manager.call("sender.work")
            let metadata = try await seen.waitFor(count: 1)[0]
            #expect(metadata.priority == .low)
            #expect(metadata.source == "sender")
            #expect(metadata.enqueuedAt >= before)
            #expect(metadata.enqueuedAt <= MonotonicClock.now())
            #expect(metadata.sequence > 0)
        }
    }

    @Test func dependentRequestsShareTheTransaction() async throws {
        let transactions = Recorder<TransactionID>()
        var first = ProbeHooks()
        first.event = { context, event in
            guard event.name == "start" else { return }
            transactions.append(event.metadata.transaction)
            try await context.enqueue("second.work", priority: .high)
        }
        var second = ProbeHooks()
        second.work = { context, _ in
            if let current = context.currentItem { transactions.append(current.metadata.transaction) }
            try await context.trigger("finished")
            return .null
        }
        var third = ProbeHooks()
        third.event = { _, event in if event.name == "finished" { transactions.append(event.metadata.transaction) } }
        try await withManager(
            [probe("first", first), probe("second", second), probe("third", third)], configuration: fastConfiguration()
        ) { manager async throws in
            try await manager.trigger("start")
            try await manager.trigger("start")
            let ids = try await transactions.waitFor(count: 6)
            // Two independent chains of three, each sharing one transaction.
            #expect(Set(ids).count == 2)
            #expect(Set(ids.filter { $0 == ids[0] }).count == 1 && ids.filter { $0 == ids[0] }.count == 3)
        }
    }
}
