import LooselyCoupled
import LooselyCoupledTestKit
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A simulated gpio module in the real daemon, pressed with `looselycoupled call` and watched
/// with `looselycoupled events`, as a user on a laptop would.
@Suite("gpio in the daemon")
struct GPIOSimulationTests {
    static let panelConfig = """
        modules:
          panel:
            type: gpio
            backend: simulated
            inputs:
              doorbell:
                line: GPIO17
                bias: pull-up
                active_low: true
                debounce: 10ms
                click: {max_press: 400ms, double_click_gap: 250ms, long_press: 600ms, hold_delay: 1s, hold_repeat: 200ms}
            outputs:
              porch: {line: 27}
        """

    /// The gesture events (not `gpio_input`) from `start` on.
    private func gestures(_ events: [Value], from start: Int = 0) -> [String] {
        events.dropFirst(start).compactMap { $0["event"]?.stringValue }.filter { $0 != "gpio_input" }
    }

    private func press(_ daemon: TestDaemon, _ arguments: String) async throws {
        let result = try await daemon.client(["call", "panel.simulate_press", arguments])
        #expect(result.code == 0, "\(result.stderr)")
    }

    @Test("simulate_press through `looselycoupled call` gives clicks, a double click, a long press and repeated holds")
    func presses() async throws {
        let daemon = try await TestDaemon(config: Self.panelConfig)
        let watcher = try await EventsClient(daemon, matching: "gpio_*")

        try await press(daemon, #"{"input": "doorbell", "duration": "50ms"}"#)
        var events = try await watcher.events(until: "gpio_click")
        #expect(gestures(events) == ["gpio_press", "gpio_release", "gpio_click"])
        let click = try #require(events.last)
        #expect(click["payload"] == ["module": "panel", "input": "doorbell"])
        #expect(click["source"] == "panel")
        let input = try #require(events.first)
        #expect(input["event"] == "gpio_input")
        #expect(input["payload"]?["value"] == true)
        #expect(input["payload"]?["edge"] == "rising")
        #expect(input["payload"]?["timestamp_ns"]?.intValue != nil)

        var start = events.count
        try await press(daemon, #"{"input": "doorbell", "duration": "40ms", "count": 2, "gap": "80ms"}"#)
        events = try await watcher.events(until: "gpio_double_click")
        #expect(
            gestures(events, from: start) == [
                "gpio_press", "gpio_release", "gpio_press", "gpio_release", "gpio_double_click",
            ])

        start = events.count
        try await press(daemon, #"{"input": "doorbell", "duration": "800ms"}"#)
        events = try await watcher.events(until: "gpio_long_press")
        events = try await watcher.events(until: "gpio_release", count: 4)
        #expect(gestures(events, from: start) == ["gpio_press", "gpio_long_press", "gpio_release"])

        start = events.count
        try await press(daemon, #"{"input": "doorbell", "duration": "1.5s"}"#)
        events = try await watcher.events(until: "gpio_release", count: 5)
        let hold = events.dropFirst(start).filter { $0["event"] == "gpio_hold" }
        #expect(hold.prefix(3).map { $0["payload"]?["repeat"] } == [0, 1, 2])
        #expect(hold.first?["payload"] == ["module": "panel", "input": "doorbell", "repeat": 0])
        #expect(gestures(events, from: start).prefix(2) == ["gpio_press", "gpio_long_press"])
        #expect(gestures(events, from: start).last == "gpio_release")

        #expect(try await daemon.terminate() == 0)
    }

    @Test("`set porch fast` blinks the output: gpio_output events alternate, and get reports the rhythm")
    func blink() async throws {
        let daemon = try await TestDaemon(config: Self.panelConfig)
        let watcher = try await EventsClient(daemon, matching: "gpio_*")
        let set = try await daemon.client(["call", "panel.set", #"{"output": "porch", "state": "very_fast"}"#])
        #expect(set.code == 0, "\(set.stderr)")
        #expect(try Value(json: set.stdout.joined())["state"] == "very_fast")
        let events = try await watcher.events(until: "gpio_output", count: 3)
        // On first, then alternating: however many a late reader found by the time it looked.
        let values = events.map { $0["payload"]?["value"] }
        #expect(values.prefix(3) == [true, false, true])
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 != $1 })
        #expect(events.allSatisfy { $0["payload"]?["state"] == "very_fast" && $0["payload"]?["output"] == "porch" })
        let get = try await daemon.client(["call", "panel.get", #"{"output": "porch"}"#])
        #expect(try Value(json: get.stdout.joined())["state"] == "very_fast")
        #expect(try await daemon.terminate() == 0)
    }

    @Test("--simulate runs a hardware gpio config on the simulated chip")
    func simulateFlag() async throws {
        let config = Self.panelConfig.replacingBackend()
        let daemon = try await TestDaemon(config: config, arguments: ["--simulate"])
        let list = try await daemon.client(["call", "panel.list"])
        #expect(list.code == 0, "\(list.stderr)")
        let value = try Value(json: list.stdout.joined())
        #expect(value["backend"] == "simulated")
        #expect(value["chip"]?["label"] == "pinctrl-bcm2835")
        #expect(try await daemon.terminate() == 0)
    }

    @Test(
        "without GPIO hardware, a hardware gpio module fails to start and the log names the chips there are",
        .enabled(if: access("/dev/gpiochip0", F_OK) != 0, "this machine has GPIO chips"))
    func noHardware() async throws {
        let daemon = try await TestDaemon(config: Self.panelConfig.replacingBackend())
        let line = try await daemon.process.line(in: \.stderr, containing: "module failed to start")
        #expect(line.contains("no GPIO chip 'gpiochip0'"))
        // It is retried every so often (1 s, then 2 s, …); for the moment of a retry it shows
        // `starting`, so a loaded machine may ask just then: ask until it shows `failed`.
        let daemonRef = daemon
        try await withTimeout(.seconds(20), "for status to show the panel failed") {
            while true {
                let status = try await daemonRef.client(["status"])
                if status.stdout.contains(where: { $0.hasPrefix("panel") && $0.contains("failed") }) { return }
                #expect(status.stdout.contains { $0.hasPrefix("panel") && $0.contains("starting") }, "\(status.stdout)")
            }
        }
        #expect(try await daemon.terminate() == 0)
    }
}

extension String {
    /// The panel config with `backend: hardware`.
    func replacingBackend() -> String {
        split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.contains("backend: simulated") ? $0.replacing("simulated", with: "hardware") : $0 }
            .joined(separator: "\n")
    }
}
