import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledGPIO

/// Buttons on the simulated chip, through the whole module: simulated edges take the reader
/// thread, the queue, debounce and click detection, and come out as `gpio_*` events.
@Suite("gpio module: inputs")
struct GPIOModuleInputTests {
    /// The doorbell, with click timings set per test.
    static func doorbell(_ click: String = "{}") -> String {
        """
        backend: simulated
        inputs:
          doorbell:
            line: GPIO17
            bias: pull-up
            active_low: true
            debounce: 10ms
            click: \(click)
        """
    }

    @Test(
        "a short press gives gpio_input, gpio_press, gpio_input, gpio_release, then gpio_click, each naming module and input"
    )
    func click() async throws {
        try await withPanel(Self.doorbell()) { manager, log, _ in
            let result = try await manager.call("panel.simulate_press", ["input": "doorbell", "duration": "50ms"])
            #expect(result == ["input": "doorbell", "presses": 1])
            let events = try await log.wait(for: "gpio_click")
            #expect(events.names == ["gpio_input", "gpio_press", "gpio_input", "gpio_release", "gpio_click"])
            for event in events {
                #expect(event.payload["module"] == "panel")
                #expect(event.payload["input"] == "doorbell")
                #expect(event.metadata.source == "panel")
            }
            let inputs = events.named("gpio_input")
            #expect(inputs.map { $0.payload["value"] } == [true, false])
            #expect(inputs.map { $0.payload["edge"] } == ["rising", "falling"])
            // Stamped when the edges happened: exactly the 50 ms the press lasted.
            let stamps = inputs.compactMap { $0.payload["timestamp_ns"]?.intValue }
            #expect(stamps.count == 2 && stamps[1] - stamps[0] == 50_000_000)
            #expect(Set(events[1].payload.objectValue?.keys.map { $0 } ?? []) == ["module", "input"])
            #expect(try await manager.call("panel.get", ["input": "doorbell"])["value"] == false)
        }
    }

    @Test("two quick presses are one gpio_double_click and no click; three a gpio_multi_click with count 3")
    func doubleAndMultiClick() async throws {
        try await withPanel(Self.doorbell()) { manager, log, _ in
            _ = try await manager.call(
                "panel.simulate_press", ["input": "doorbell", "duration": "40ms", "count": 2, "gap": "80ms"])
            var events = try await log.wait(for: "gpio_double_click")
            #expect(events.named("gpio_press").count == 2)
            #expect(events.named("gpio_click").isEmpty)

            _ = try await manager.call(
                "panel.simulate_press", ["input": "doorbell", "duration": "40ms", "count": 3, "gap": "80ms"])
            events = try await log.wait(for: "gpio_multi_click")
            #expect(events.named("gpio_multi_click").map { $0.payload["count"] } == [3])
            #expect(events.named("gpio_click").isEmpty)
            #expect(events.named("gpio_double_click").count == 1)
        }
    }

    @Test("a press held past long_press gives gpio_long_press while held, and no click")
    func longPress() async throws {
        try await withPanel(Self.doorbell("{long_press: 300ms, hold_delay: 60s}")) { manager, log, _ in
            // Pressed, and released only once the long press has been seen: it fired while held.
            _ = try await manager.call("panel.simulate", ["input": "doorbell", "value": "low"])
            let held = try await log.wait(for: "gpio_long_press")
            #expect(held.names.filter { $0 != "gpio_input" } == ["gpio_press", "gpio_long_press"])
            _ = try await manager.call("panel.simulate", ["input": "doorbell", "value": .null])
            let events = try await log.wait(for: "gpio_release")
            #expect(events.names.filter { $0 != "gpio_input" } == ["gpio_press", "gpio_long_press", "gpio_release"])
            #expect(try await manager.call("panel.get", ["input": "doorbell"])["value"] == false)
        }
    }

    @Test("holding gives gpio_hold with repeat 0, 1, 2… every hold_repeat after hold_delay")
    func holdRepeat() async throws {
        try await withPanel(Self.doorbell("{long_press: 200ms, hold_delay: 400ms, hold_repeat: 100ms}")) {
            manager, log, _ in
            _ = try await manager.call("panel.simulate_press", ["input": "doorbell", "duration": "750ms"])
            let events = try await log.wait(for: "gpio_release")
            let holds = events.named("gpio_hold")
            #expect(holds.prefix(3).map { $0.payload["repeat"] } == [0, 1, 2])
            #expect(events.names.firstIndex(of: "gpio_long_press")! < events.names.firstIndex(of: "gpio_hold")!)
            #expect(events.named("gpio_click").isEmpty)
            // Holds at 400, 500, 600 and 700 ms of a 750 ms press: exactly four.
            #expect(holds.map { $0.payload["repeat"] } == [0, 1, 2, 3])
        }
    }

    @Test("bounces shorter than the debounce never reach the module's events")
    func debounce() async throws {
        // The release is driven once the test has seen the press, however long that took on a
        // loaded machine: click timings generous enough that the press is a click whatever the delay.
        try await withPanel(Self.doorbell("{max_press: 30s, long_press: 60s, hold_delay: 60s}")) { _, log, world in
            let chip = try #require(world.chip(named: "gpiochip0"))
            // A contact that bounces for 2.4 ms and is then held, queued as one batch. The edges
            // are stamped from now on, after the module requested the line: an edge stamped
            // before the request (as "5 ms ago" was when the manager started within 5 ms) cannot
            // exist on a real line, and the module rightly treats it as happening at the request.
            let start = MonotonicClock.now()
            chip.drive(
                offset: 17,
                through: [false, true, false, true, false].enumerated().map { index, level in
                    (level, start + UInt64(index) * 600_000)
                })
            _ = try await log.wait(for: "gpio_press")
            chip.drive(offset: 17, to: nil)
            let events = try await log.wait(for: "gpio_click")
            #expect(events.names == ["gpio_input", "gpio_press", "gpio_input", "gpio_release", "gpio_click"])
            // The accepted edge is stamped when the level settled, not when the debounce ended.
            #expect(events[0].payload["timestamp_ns"]?.intValue == Int(start + 2_400_000))
        }
    }

    @Test("simulate sets the physical level: with pull-up and active_low, low is pressed; null lets the bias decide")
    func simulateLevels() async throws {
        try await withPanel(Self.doorbell()) { manager, log, _ in
            #expect(
                try await manager.call("panel.simulate", ["input": "doorbell", "value": false]) == [
                    "input": "doorbell", "level": false,
                ])
            _ = try await log.wait(for: "gpio_press")
            #expect(try await manager.call("panel.get", ["input": "doorbell"])["value"] == true)
            #expect(
                try await manager.call("panel.simulate", ["input": "doorbell", "value": .null]) == [
                    "input": "doorbell", "level": true,
                ])
            _ = try await log.wait(for: "gpio_release")
            #expect(try await manager.call("panel.get", ["input": "doorbell"])["value"] == false)
            await #expect(throws: CallError.self) {
                try await manager.call("panel.simulate", ["input": "doorbell", "value": "maybe"])
            }
            await #expect(throws: CallError.self) {
                try await manager.call("panel.simulate", ["input": "bell", "value": 1])
            }
        }
    }

    @Test("an input pulled to its active level at start is pressed: no press is invented, its release counts")
    func activeAtStart() async throws {
        let yaml = "backend: simulated\ninputs:\n  switch: {line: 5, bias: pull-down, active_low: true}\n"
        try await withPanel(yaml) { manager, log, _ in
            #expect(try await manager.call("panel.get", ["input": "switch"])["value"] == true)
            _ = try await manager.call("panel.simulate", ["input": "switch", "value": 1])
            let events = try await log.wait(for: "gpio_input")
            #expect(events.names == ["gpio_input"])
            #expect(events[0].payload["value"] == false)
        }
    }

    @Test(
        "an unplugged chip fails the module; plugged in again, it starts by itself, restores its outputs, and its button works"
    )
    func unplugAndPlugIn() async throws {
        var configuration = ModuleManager.Configuration()
        configuration.restartDelay = .milliseconds(20)
        configuration.maximumRestartDelay = .milliseconds(100)
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        let yaml = Self.doorbell() + "\noutputs:\n  porch: {line: 27, initial: restore}\n"
        try await withPanel(yaml, stateDirectory: directory, configuration: configuration) { manager, log, world in
            let chip = try #require(world.chip(named: "gpiochip0"))
            _ = try await manager.call("panel.set", ["output": "porch", "state": "on"])
            chip.unplug()
            // The reader sees the input's descriptor hang up and reports it; the manager stops the module.
            #expect(
                try await withTimeout(.seconds(10), "for panel to fail") {
                    await manager.wait(for: .failed, of: "panel")
                })
            let error = await #expect(throws: CallError.self) { try await manager.call("panel.list") }
            #expect(error?.code == .moduleNotReady)
            chip.plugIn()
            #expect(
                try await withTimeout(.seconds(10), "for panel to be active again") {
                    await manager.wait(for: .active, of: "panel")
                })
            #expect(chip.level(offset: 27), "porch restored on")
            _ = try await manager.call("panel.simulate_press", ["input": "doorbell", "duration": "50ms"])
            #expect(
                try await log.wait(for: "gpio_click").names.suffix(5) == [
                    "gpio_input", "gpio_press", "gpio_input", "gpio_release", "gpio_click",
                ])
        }
    }

    @Test("writing an output of an unplugged chip is a chip_gone error, and fails the module")
    func unpluggedOutput() async throws {
        var configuration = ModuleManager.Configuration()
        configuration.restartDelay = .seconds(60)
        try await withPanel("backend: simulated\noutputs:\n  porch: {line: 27}\n", configuration: configuration) {
            manager, _, world in
            let chip = try #require(world.chip(named: "gpiochip0"))
            chip.unplug()
            let error = await #expect(throws: CallError.self) {
                try await manager.call("panel.set", ["output": "porch", "state": "on"])
            }
            #expect((error?.underlying as? GPIOError)?.code == .chipGone)
            #expect(error?.message.contains("the GPIO chip is gone") == true)
            #expect(
                try await withTimeout(.seconds(10), "for panel to fail") {
                    await manager.wait(for: .failed, of: "panel")
                })
        }
    }

    @Test("edges reach the module only from its own thread: no method takes them, and status and call cannot see one")
    func edgesAreInternal() async throws {
        try await withPanel(Self.doorbell()) { manager, _, _ in
            #expect(
                manager.methods(of: "panel") == [
                    "set", "blink", "pulse", "get", "list", "simulate", "simulate_press", "simulated_writes",
                ])
            let error = await #expect(throws: CallError.self) {
                try await manager.call("panel._edges", ["token": 1, "edges": [[0, true, 1]]])
            }
            #expect(error?.code == .unknownMethod)
        }
    }
}
