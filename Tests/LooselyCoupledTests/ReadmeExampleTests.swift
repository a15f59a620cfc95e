import Logging
import LooselyCoupled
import LooselyCoupledTestKit
import Testing

// The module from the README, compiled here so the README cannot drift from the API.
actor Doorbell: Module {
    let context: ModuleContext
    var rings = 0

    init(context: ModuleContext) { self.context = context }

    /// `doorbell.chime {"times": 2}`: typed arguments, decoded and checked by the method.
    struct Chime: Decodable {
        let times: Int
    }

    static let interface = ModuleInterface<Doorbell> {
        Method("rings") { bell in bell.rings }
        Method("chime") { (bell, chime: Chime) in
            try await bell.context.trigger("doorbell_chimed", ["times": .int(chime.times)])
            return chime.times
        }
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

    @Test("a typed method decodes its arguments, encodes its result, and words a bad argument by its key")
    func typedMethod() async throws {
        let chimed = Recorder<Value>()
        try await withManager([
            ModuleSpec(Doorbell.self, name: "doorbell"),
            recordingSpec(name: "listener", events: ["doorbell_chimed"], into: chimed),
        ]) { manager async throws in
            #expect(try await manager.call("doorbell.chime", ["times": 2]) == .int(2))
            #expect(try await chimed.waitFor(count: 1) == [["times": 2]])
            for (arguments, message) in [
                (["times": "three"] as Value, #"chime: times: expected int, got string "three""#),
                ([:] as Value, "chime: times: missing"),
            ] {
                let error = await #expect(throws: CallError.self) {
                    try await manager.call("doorbell.chime", arguments)
                }
                #expect(error?.code == .invalidArguments)
                #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
            }
        }
    }
}
