import Doorbell
import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@Suite struct DoorbellTests {
    @Test("a press of its button rings the bell; other inputs do not")
    func pressRings() async throws {
        let rang = Recorder<Value>()
        try await ModuleManager.withRunning([
            ModuleSpec(Doorbell.self, name: "bell", config: ["button": "doorbell", "greeting": "hello"]),
            recordingSpec(name: "listener", events: ["doorbell_rang"], into: rang),
        ]) { manager async throws in
            try await manager.trigger("gpio_press", ["input": "garage"])
            try await manager.trigger("gpio_press", ["input": "doorbell"])
            #expect(try await rang.waitFor(count: 1) == [["count": 1, "greeting": "hello"]])
            #expect(try await manager.call("bell.rings") == 1)
        }
    }

    @Test("chime takes typed arguments and refuses bad ones by their key")
    func chime() async throws {
        try await ModuleManager.withRunning([
            ModuleSpec(Doorbell.self, name: "bell", config: ["button": "doorbell", "greeting": "hi"])
        ]) {
            manager async throws in
            #expect(try await manager.call("bell.chime", ["times": 2]) == ["rings": 2, "greeting": "hi"])
            let error = await #expect(throws: CallError.self) { try await manager.call("bell.chime", ["times": "two"]) }
            #expect(error?.code == .invalidArguments)
            #expect(error?.message.hasPrefix(#"chime: times: expected int, got string "two""#) == true)
        }
    }
}

@Suite struct DoorbellConfigTests {
    @Test("the config is validated and normalised as the daemon does it: defaults filled, misspellings named")
    func config() throws {
        #expect(try Doorbell.config(yaml: "button: doorbell") == ["button": "doorbell", "greeting": "ding dong"])
        let errors = #expect(throws: ConfigErrors.self) { try Doorbell.config(yaml: "button: doorbell\ngreting: hi") }
        #expect(
            errors?.description.contains("doorbell.yaml:2:1: greting: unknown key 'greting' (did you mean 'greeting'?")
                == true)
    }
}
