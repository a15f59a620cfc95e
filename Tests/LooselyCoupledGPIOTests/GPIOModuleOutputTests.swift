import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledGPIO

/// Outputs on the simulated chip: set, rhythms, blinks, pulses, restore and on_exit.
@Suite("gpio module: outputs")
struct GPIOModuleOutputTests {
    static let outputs = """
        backend: simulated
        outputs:
          porch: {line: 27}
          hall: {line: GPIO22}
        """

    @Test("set on, off and toggle switch the line and emit gpio_output with value and state")
    func setStates() async throws {
        try await withPanel(Self.outputs) { manager, log, world in
            let chip = try #require(world.chip(named: "gpiochip0"))
            #expect(chip.level(offset: 27) == false)
            let on = try await manager.call("panel.set", ["output": "porch", "state": "on"])
            #expect(on["value"] == true && on["state"] == "on")
            #expect(chip.level(offset: 27))
            _ = try await manager.call("panel.set", ["output": "porch", "state": "toggle"])
            #expect(!chip.level(offset: 27))
            _ = try await manager.call("panel.set", ["output": "porch", "state": "toggle"])
            // Setting the state it is in changes nothing and emits nothing.
            _ = try await manager.call("panel.set", ["output": "porch", "state": "on"])
            let events = try await log.wait(for: "gpio_output", count: 3)
            #expect(
                events.map { $0.payload } == [
                    ["module": "panel", "output": "porch", "value": true, "state": "on"],
                    ["module": "panel", "output": "porch", "value": false, "state": "off"],
                    ["module": "panel", "output": "porch", "value": true, "state": "on"],
                ])
            let get = try await manager.call("panel.get", ["output": "porch"])
            #expect(get["value"] == true && get["state"] == "on" && get["offset"] == 27)
            let error = await #expect(throws: CallError.self) {
                try await manager.call("panel.set", ["output": "porch", "state": "dim"])
            }
            #expect(
                error?.message.contains(
                    "expected on, off, toggle or a rhythm (fast, normal, slow, very_fast, very_slow)") == true)
            await #expect(throws: CallError.self) {
                try await manager.call("panel.set", ["output": "attic", "state": "on"])
            }
        }
    }

    @Test("method arguments are typed: a missing or mistyped one is invalid_arguments naming its key")
    func typedArguments() async throws {
        try await withPanel(Self.outputs) { manager, _, _ in
            for (arguments, message) in [
                (["on": "100ms", "off": "100ms"] as Value, "blink: output: missing"),
                (["output": "porch", "on": "fast", "off": "100ms"], "blink: on: expected a duration"),
                (["output": "porch", "on": "100ms", "off": "100ms", "count": "3"], "blink: count: expected int"),
                (
                    ["output": "porch", "on": "1ns", "off": "100ms"],
                    #"panel.blink: on must be a duration from 1ms to 24h, got "1ns""#
                ),
            ] {
                let error = await #expect(throws: CallError.self) { try await manager.call("panel.blink", arguments) }
                #expect(error?.code == .invalidArguments)
                #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
            }
            // null is as good as absent for an optional argument.
            let blinking = try await manager.call(
                "panel.blink", ["output": "porch", "on": "5ms", "off": "5ms", "count": .null])
            #expect(blinking["state"] == "blink")
        }
    }

    @Test("`set porch fast` gives gpio_output events whose period is the rhythm's 800 ms")
    func rhythmPeriod() async throws {
        try await withPanel(Self.outputs) { manager, log, world in
            let chip = try #require(world.chip(named: "gpiochip0"))
            let written = Locked<[UInt64]>([])
            chip.observeOutputs { change in
                if change.offset == 27 { written.withLock { $0.append(change.timestampNanoseconds) } }
            }
            let called = MonotonicClock.now()
            _ = try await manager.call("panel.set", ["output": "porch", "state": "fast"])
            let events = try await log.wait(for: "gpio_output", count: 4, timeout: .seconds(15))
            #expect(events.map { $0.payload["value"] } == [true, false, true, false])
            #expect(events.allSatisfy { $0.payload["state"] == "fast" })
            // The line changed on the rhythm's 800 ms grid, which starts when `set` ran (no earlier
            // than the call), and never early. How late a change may come on a busy machine is
            // the benchmark's business (blink_jitter: its lateness, and that a late one does not
            // shift the rest).
            let stamps = written.withLock { $0 }
            #expect(stamps.count >= 4)
            for (k, stamp) in stamps.prefix(4).enumerated() {
                let offset = (Double(stamp) - Double(called)) / 1e6 - Double(k) * 800
                #expect(offset > -1, "change \(k) is \(offset) ms early")
            }
        }
    }

    @Test("two outputs in one rhythm change together, even when the second joins late")
    func rhythmInPhase() async throws {
        // A long on part, so that hall surely joins while it lasts, however busy the machine.
        let yaml = Self.outputs + "\nrhythms:\n  beacon: {on: 2s, off: 200ms}\n"
        try await withPanel(yaml) { manager, log, world in
            _ = try await manager.call("panel.set", ["output": "porch", "state": "beacon"])
            _ = try await log.wait(for: "gpio_output")
            // Joins while the rhythm is on: on at once, then in step with porch.
            let joined = try await manager.call("panel.set", ["output": "hall", "state": "beacon"])
            #expect(joined["value"] == true)
            // Two changes of hall after it joined, and porch's change at the second of them (the
            // two are triggered from the same tick, in either order).
            let events = try await log.wait("two changes of each") { events in
                let hall = events.filter { $0.payload["output"] == "hall" }
                guard hall.count >= 3 else { return false }
                return events.contains {
                    $0.payload["output"] == "porch" && $0.triggeredAt + 2_000_000 >= hall[2].triggeredAt
                }
            }
            let porch = events.filter { $0.payload["output"] == "porch" }
            let hall = events.filter { $0.payload["output"] == "hall" }.dropFirst().prefix(2)
            #expect(porch.dropFirst().prefix(2).map { $0.payload["value"] } == [false, true])
            #expect(hall.map { $0.payload["value"] } == [false, true])
            // Each change of hall after it joined comes with porch's change of the same value in
            // the same cycle. On a slow machine hall may join a cycle or more after porch began,
            // so the pair is porch's change nearest in time, not porch's change of the same rank.
            // Both come from one tick; the 50 ms allowed is for a loaded machine pausing between
            // the two triggers, and is still far below the 200 ms off part that a change out of
            // phase would be away.
            for change in hall {
                let apart = porch.filter { $0.payload["value"] == change.payload["value"] }.map { other in
                    other.triggeredAt > change.triggeredAt
                        ? other.triggeredAt - change.triggeredAt : change.triggeredAt - other.triggeredAt
                }.min()
                #expect(apart.map { $0 < 50_000_000 } == true, "porch and hall \(Double(apart ?? 0) / 1e6) ms apart")
            }
            let chip = try #require(world.chip(named: "gpiochip0"))
            #expect(chip.level(offset: 27) == chip.level(offset: 22))
        }
    }

    @Test("blink with a count ends off; a pulse is on for its duration, then off")
    func blinkAndPulse() async throws {
        try await withPanel(Self.outputs) { manager, log, world in
            let chip = try #require(world.chip(named: "gpiochip0"))
            // The hall line's changes as the chip saw them, stamped when they were written.
            let hallLine = Locked<[SimulatedChip.OutputChange]>([])
            chip.observeOutputs { change in
                if change.offset == 22 { hallLine.withLock { $0.append(change) } }
            }
            let started = try await manager.call(
                "panel.blink", ["output": "porch", "on": "100ms", "off": 0.1, "count": 3])
            #expect(started["state"] == "blink" && started["value"] == true)
            var events = try await log.wait("the blink's end") { $0.contains { $0.payload["state"] == "off" } }
            // Normally on, off, on, off, on, off; a timer woken later than a whole part (on a
            // very busy machine) reports the net change only, so check the shape, not the count.
            // The end is reported even when such a late tick finds the line already off.
            let values = events.map { $0.payload["value"] }
            #expect(values.first == true && values.last == false && values.count <= 6)
            let blinking = values.dropLast()
            #expect(zip(blinking, blinking.dropFirst()).allSatisfy { $0 != $1 })
            #expect(events.dropLast().allSatisfy { $0.payload["state"] == "blink" })
            #expect(try await manager.call("panel.get", ["output": "porch"])["state"] == "off")

            let requested = MonotonicClock.now()
            _ = try await manager.call("panel.pulse", ["output": "hall", "duration": "60ms"])
            events = try await log.wait("the pulse's end") { $0.filter { $0.payload["output"] == "hall" }.count >= 2 }
            let pulse = events.filter { $0.payload["output"] == "hall" }
            #expect(pulse.map { $0.payload["state"] } == ["pulse", "off"])
            // The line went high after the request and low no earlier than the pulse's 60 ms after
            // it (a pulse is timed from the request: on a slow or loaded machine the first write may
            // come a little after it), however late the events were triggered.
            let written = hallLine.withLock { $0 }
            #expect(written.map(\.level) == [true, false])
            if written.count == 2 {
                #expect(written[0].timestampNanoseconds >= requested)
                let length = Double(written[1].timestampNanoseconds - requested) / 1e6
                #expect(length >= 60, "the pulse ended \(length) ms after the request")
            }
            await #expect(throws: CallError.self) {
                try await manager.call("panel.blink", ["output": "porch", "on": "0ms", "off": "1s"])
            }
            await #expect(throws: CallError.self) { try await manager.call("panel.pulse", ["output": "porch"]) }
        }
    }

    @Test(
        "initial: restore brings back the saved states, kept by the core's restore entities; the file is replaced atomically in state_dir"
    )
    func restore() async throws {
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        let yaml = """
            backend: simulated
            outputs:
              porch: {line: 27, initial: restore}
              hall: {line: 22, initial: restore}
              garden: {line: 23, initial: on}
            """
        let first = SimulatedGPIO()
        try await withPanel(yaml, world: first, stateDirectory: directory) { manager, _, _ in
            _ = try await manager.call("panel.set", ["output": "porch", "state": "on"])
            _ = try await manager.call("panel.set", ["output": "hall", "state": "slow"])
        }
        let saved = try Value(json: try #require(readFile(directory + "/entities-panel.json")))
        #expect(
            saved == [
                "version": 1,
                "entities": [
                    "hall": ["state": "on", "attributes": ["effect": "slow"]],
                    "porch": ["state": "on", "attributes": [:]],
                ],
            ])
        #expect(readFile(directory + "/entities-panel.json.tmp") == nil)

        let second = SimulatedGPIO()
        try await withPanel(yaml, world: second, stateDirectory: directory) { manager, _, world in
            let chip = try #require(world.chip(named: "gpiochip0"))
            #expect(chip.level(offset: 27) && chip.level(offset: 23))
            #expect(try await manager.call("panel.get", ["output": "porch"])["state"] == "on")
            #expect(try await manager.call("panel.get", ["output": "hall"])["state"] == "slow")
            #expect(try await manager.call("panel.get", ["output": "garden"])["state"] == "on")
        }
    }

    @Test("a state file from before entities (gpio-MODULE.json) is still read: its outputs come back as saved")
    func legacyStateFile() async throws {
        let directory = temporaryDirectory()
        defer { removeDirectory(directory) }
        let legacy =
            #"{"version": 1, "outputs": {"porch": "on", "hall": "slow", "attic": {"blink": {"on": 0.2, "off": 0.3}}}}"#
        #expect(writeFile(directory + "/gpio-panel.json", legacy))
        let yaml = """
            backend: simulated
            outputs:
              porch: {line: 27, initial: restore}
              hall: {line: 22, initial: restore}
              attic: {line: 24, initial: restore}
            """
        try await withPanel(yaml, stateDirectory: directory) { manager, _, _ in
            #expect(try await manager.call("panel.get", ["output": "porch"])["state"] == "on")
            #expect(try await manager.call("panel.get", ["output": "hall"])["state"] == "slow")
            #expect(try await manager.call("panel.get", ["output": "attic"])["state"] == "blink")
            let attic = try #require(try manager.states(matching: "panel.attic").first)
            #expect(attic.attributes == ["effect": "blink", "on": 0.2, "off": 0.3])
        }
        // From then on the entities' file keeps them.
        let saved = try Value(json: try #require(readFile(directory + "/entities-panel.json")))
        #expect(saved["entities"]?["hall"] == ["state": "on", "attributes": ["effect": "slow"]])
    }

    @Test("on_exit: off switches an output off when the module stops; keep leaves its level")
    func onExit() async throws {
        let world = SimulatedGPIO()
        let yaml = """
            backend: simulated
            outputs:
              porch: {line: 27, on_exit: off}
              hall: {line: 22, on_exit: keep, active_low: true}
            """
        try await withPanel(yaml, world: world) { manager, _, world in
            _ = try await manager.call("panel.set", ["output": "porch", "state": "on"])
            _ = try await manager.call("panel.set", ["output": "hall", "state": "on"])
            let chip = try #require(world.chip(named: "gpiochip0"))
            // active_low: on is low.
            #expect(chip.level(offset: 27) == true && chip.level(offset: 22) == false)
        }
        let chip = try #require(world.chip(named: "gpiochip0"))
        #expect(chip.level(offset: 27) == false)
        #expect(chip.level(offset: 22) == false)
        #expect(chip.lineInfos()[22].isUsed == false)
    }

    @Test(
        "a blink or pulse too fast to be a blink (1 ns would keep a core busy) or longer than a day is refused, naming the range"
    )
    func switchingTimesAreBounded() async throws {
        try await withPanel(Self.outputs) { manager, _, _ in
            for arguments: Value in [
                ["output": "porch", "on": "1ns", "off": "1ns"], ["output": "porch", "on": "100ms", "off": "25h"],
                ["output": "porch", "on": 0.0001, "off": "100ms"],
            ] {
                let error = await #expect(throws: CallError.self) { try await manager.call("panel.blink", arguments) }
                #expect(error?.code == .invalidArguments)
                #expect(error?.message.contains("a duration from 1ms to 24h") == true)
            }
            let pulse = await #expect(throws: CallError.self) {
                try await manager.call("panel.pulse", ["output": "porch", "duration": "10us"])
            }
            #expect(pulse?.message.contains("from 1ms to 24h") == true)
            // The bounds themselves go.
            _ = try await manager.call("panel.blink", ["output": "porch", "on": "1ms", "off": "24h"])
            _ = try await manager.call("panel.set", ["output": "porch", "state": "off"])
        }
    }
}
