import LooselyCoupled
import Logging
import LooselyCoupledTestKit
import Testing

// The module from the README, compiled here so the README cannot drift from the API.
actor Doorbell: Module {
    let context: ModuleContext
    var rings = 0

    init(context: ModuleContext) { self.context = context }

    static let interface = ModuleInterface<Doorbell> {
        Method("rings") { bell, _ in .int(bell.rings) }
        On("gpio_press") { bell, event in
            bell.rings += 1
            try await bell.context.trigger("doorbell_rang", ["count": .int(bell.rings)])
        }
    }
}

@Suite struct ReadmeExampleTests {
    @Test func doorbellCountsPressesAndAnnouncesThem() async throws {
        let rang = Recorder<Value>()
        try await withManager([
            ModuleSpec(Doorbell.self, name: "doorbell"),
            recordingSpec(name: "listener", events: ["doorbell_rang"], into: rang),
        ]) { manager in
            try await manager.trigger("gpio_press", ["input": "button"])
            try await manager.trigger("gpio_press", ["input": "button"])
            let payloads = try await rang.waitFor(count: 2)
            #expect(payloads.map { $0["count"] } == [.int(1), .int(2)])
            #expect(try await manager.call("doorbell.rings") == .int(2))
        }
    }
}
