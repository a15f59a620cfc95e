import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupled

/// Records which of its handlers saw which event: `exact` for `gpio_press`, `glob` for `gpio_*`.
actor PatternProbe: Module {
    let sink: Recorder<String>
    init(sink: Recorder<String>) { self.sink = sink }
    init(context: ModuleContext) throws { throw CallError(.invalidArguments, "use the factory") }

    static let interface = ModuleInterface<PatternProbe> {
        On("gpio_*") { probe, event in probe.sink.append("glob \(event.name)") }
        On("gpio_press") { probe, event in probe.sink.append("exact \(event.name)") }
        On("sensor_[0-9]") { probe, event in probe.sink.append("set \(event.name)") }
    }
}

@Suite struct EventTests {
    @Test func eventsReachEveryMatchingModuleExceptTheSender() async throws {
        let seen = Recorder<String>()
        func recording(_ name: String) -> ProbeHooks {
            var hooks = ProbeHooks()
            hooks.event = { _, event in
                if event.name == "ping" { seen.append(name) }
            }
            hooks.work = { context, _ in
                try await context.trigger("ping")
                return .null
            }
            return hooks
        }
        try await withManager(["a", "b", "c"].map { probe($0, recording($0)) }, configuration: fastConfiguration()) {
            manager async throws in
            _ = try await manager.call("b.work")
            // Split horizon: b sent it, a and c receive it, b does not.
            #expect(Set(try await seen.waitFor(count: 2)) == ["a", "c"])
            try await manager.trigger("ping")
            #expect(Set(try await seen.waitFor(count: 5).suffix(3)) == ["a", "b", "c"])
        }
    }

    @Test func globPatternsSelectHandlersAndAnExactNameWins() async throws {
        let seen = Recorder<String>()
        try await withManager(
            [ModuleSpec(PatternProbe.self, name: "p") { _ in PatternProbe(sink: seen) }],
            configuration: fastConfiguration()
        ) { manager async throws in
            for name in ["gpio_press", "gpio_release", "sensor_1", "sensor_x", "other"] {
                try await manager.trigger(name)
            }
            try await manager.trigger("gpio_hold")
            #expect(
                try await seen.waitFor(count: 4) == [
                    "exact gpio_press", "glob gpio_release", "set sensor_1", "glob gpio_hold",
                ])
        }
    }

    @Test func aModuleReceivesItsItemsInQueueOrder() async throws {
        let seen = Recorder<Int>()
        var hooks = ProbeHooks()
        hooks.event = { _, event in
            if let i = event.payload["i"]?.intValue { seen.append(i) }
        }
        hooks.work = { _, arguments in
            if let i = arguments["i"]?.intValue { seen.append(i) }
            return .null
        }
        try await withManager([probe("a", hooks)], configuration: fastConfiguration()) { manager async throws in
            for i in 0..<500 {
                if i.isMultiple(of: 3) {
                    try await manager.enqueue("a.work", ["i": .int(i)])
                } else {
                    try await manager.trigger("n", ["i": .int(i)])
                }
            }
            #expect(try await seen.waitFor(count: 500) == Array(0..<500))
        }
    }

    @Test func nothingIsDeliveredToAModuleThatIsNotPassiveOrActive() async throws {
        let seen = Recorder<String>()
        var broken = ProbeHooks()
        broken.start = { _ in throw Probe.Failure() }
        broken.event = { context, event in seen.append("\(context.name) \(event.name)") }
        var healthy = ProbeHooks()
        healthy.event = { context, event in seen.append("\(context.name) \(event.name)") }
        var configuration = fastConfiguration()
        configuration.restartDelay = .seconds(60)
        try await withManager([probe("broken", broken), probe("healthy", healthy)], configuration: configuration) {
            manager async throws in
            try await manager.trigger("hello")
            #expect(try await seen.waitFor(count: 1) == ["healthy hello"])
            let error = await #expect(throws: CallError.self) { try await manager.enqueue("broken.echo") }
            #expect(error?.code == .moduleNotReady)
        }
        #expect(seen.items.allSatisfy { !$0.hasPrefix("broken") })
    }

    @Test func watchersSeeEveryMatchingEventWithItsMetadata() async throws {
        try await withManager([probe("a")], configuration: fastConfiguration()) { manager async throws in
            let stream = try manager.events(matching: "door_*")
            try await manager.trigger("window_open")
            try await manager.trigger("door_open", ["side": "front"], priority: .high)
            let first = try await withTimeout(.seconds(5), "for the watched event") {
                var iterator = stream.makeAsyncIterator()
                return await iterator.next()
            }
            #expect(first?.name == "door_open")
            #expect(first?.payload == ["side": "front"])
            #expect(first?.metadata.priority == .high)
            #expect(first?.metadata.source == nil)
        }
    }

    @Test(
        "a long or malformed event name or pattern is refused with a clear error, at every entry point; 255 bytes still go"
    )
    func eventNamesAreBounded() async throws {
        try await withManager([probe("a")], configuration: fastConfiguration()) { manager async throws in
            let longest = String(repeating: "e", count: EventName.maximumLength)
            try await manager.trigger(longest)
            for bad in [String(repeating: "e", count: 32_000), "", "two words", "line\nbreak", "esc\u{1B}[2J"] {
                let error = await #expect(throws: CallError.self) { try await manager.trigger(bad) }
                #expect(error?.code == .invalidArguments)
                #expect(error?.message.contains("\n") == false && error?.message.contains("\u{1B}") == false)
                await #expect(throws: CallError.self) { try await onPlainThread { try manager.trigger(bad) } }
            }
            let pattern = String(repeating: "*a", count: 8_000)
            let error = #expect(throws: CallError.self) { _ = try manager.events(matching: pattern) }
            #expect(error?.message.contains("at most 255 bytes") == true)
            _ = try manager.events(matching: String(repeating: "*", count: EventName.maximumLength))
        }
    }

    @Test(
        "a client sending ever new event names does not grow the daemon: the name cache is bounded, and delivery stays right"
    )
    func eventNameCacheIsBounded() async throws {
        let seen = Recorder<String>()
        try await withManager(
            [ModuleSpec(PatternProbe.self, name: "p") { _ in PatternProbe(sink: seen) }],
            configuration: fastConfiguration()
        ) { manager async throws in
            let limit = Runtime.subscriptionCacheLimit
            for i in 0..<(3 * limit) {
                try await manager.trigger(i.isMultiple(of: 2) ? "name_\(i)" : "gpio_\(i)")
                #expect(manager.runtime.cachedSubscriptionCount <= limit)
            }
            // The cache emptied on the way; names still reach exactly their handlers.
            try await manager.trigger("gpio_press")
            try await manager.trigger("sensor_1")
            let expected =
                (0..<(3 * limit)).filter { !$0.isMultiple(of: 2) }.map { "glob gpio_\($0)" } + [
                    "exact gpio_press", "set sensor_1",
                ]
            #expect(try await seen.waitFor(count: expected.count) == expected)
        }
    }

    @Test("a module handling an invalid pattern is refused when the manager is made")
    func handlerPatternsAreChecked() {
        let error = #expect(throws: ModuleManager.LifecycleError.self) {
            _ = try ModuleManager([ModuleSpec(BadPattern.self, name: "bad")], logger: quietLogger)
        }
        #expect(error?.code == .invalidPattern)
    }
}

private actor BadPattern: Module {
    init(context: ModuleContext) {}
    static let interface = ModuleInterface<BadPattern> {
        On("gpio press") { _, _ in }
    }
}
