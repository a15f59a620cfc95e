import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@testable import LooselyCoupledGPIO

/// Finding chips and lines when a module starts, and the errors a user sees when that fails.
@Suite("gpio module: chips and lines at start")
struct GPIOModuleStartTests {
    @Test("a busy line names the consumer that holds it")
    func busyLine() async throws {
        let world = SimulatedGPIO()
        let failure = await startFailure([
            panelSpec(
                "panel", try gpioConfig("backend: simulated\ninputs:\n  doorbell: {line: GPIO17}\n"), world: world),
            panelSpec(
                "relays", try gpioConfig("backend: simulated\noutputs:\n  bell: {line: 17}\n"), world: world,
                required: true),
        ])
        #expect(
            failure?.hasPrefix(
                "line GPIO17 (offset 17) of gpiochip0 [pinctrl-bcm2835, 28 lines] is busy: 'looselycoupled:panel.doorbell' holds it."
            ) == true,
            "\(failure ?? "started")")
        #expect(failure?.contains("gpioinfo gpiochip0") == true)
        #expect(failure?.contains("Device or resource busy (errno 16)") == true)
        // Both modules stopped: the line is free again.
        #expect(world.chip(named: "gpiochip0")?.lineInfos()[17].isUsed == false)
    }

    @Test("an unknown line name lists the names the chip has, and a near miss")
    func unknownLineName() async throws {
        let failure = await startFailure([
            panelSpec(
                "panel", try gpioConfig("backend: simulated\ninputs:\n  doorbell: {line: gpio17}\n"),
                world: SimulatedGPIO(), required: true)
        ])
        let names = (0..<28).map { "GPIO\($0)" }.joined(separator: ", ")
        #expect(
            failure
                == "gpiochip0 [pinctrl-bcm2835, 28 lines] has no line named 'gpio17' (did you mean 'GPIO17'?); its lines are: \(names)"
        )
    }

    @Test("an offset past the chip's lines names its range")
    func unknownOffset() async throws {
        let failure = await startFailure([
            panelSpec(
                "panel", try gpioConfig("backend: simulated\noutputs:\n  lamp: {line: 40}\n"), world: SimulatedGPIO(),
                required: true)
        ])
        #expect(failure == "gpiochip0 [pinctrl-bcm2835, 28 lines] has no line 40 (its offsets: 0…27)")
    }

    @Test("a missing chip is named along with the chips that exist")
    func missingChip() async throws {
        let failure = await startFailure([
            panelSpec(
                "panel", try gpioConfig("backend: simulated\nchip: pinctrl-rp1\noutputs:\n  lamp: {line: 4}\n"),
                world: SimulatedGPIO(), required: true)
        ])
        #expect(
            failure
                == "no GPIO chip 'pinctrl-rp1' (by path, name or label); the chips are: gpiochip0 [pinctrl-bcm2835, 28 lines], gpiochip1 [raspberrypi-exp-gpio, 8 lines]"
        )
    }

    @Test(
        "chips are found by path, name, number or label; lines by offset or name",
        arguments: [
            "/dev/gpiochip1", "gpiochip1", "1", "raspberrypi-exp-gpio",
        ])
    func chipLookup(_ chip: String) async throws {
        let yaml = "backend: simulated\nchip: \(chip)\noutputs:\n  led: {line: PWR_LED_OFF}\n  bt: {line: 0}\n"
        try await withPanel(yaml) { manager, _, _ in
            let list = try await manager.call("panel.list")
            #expect(list["chip"] == ["path": "/dev/gpiochip1", "name": "gpiochip1", "label": "raspberrypi-exp-gpio"])
            #expect(list["backend"] == "simulated")
            #expect(list["outputs"]?[0]?["output"] == "bt")
            #expect(list["outputs"]?[0]?["line_name"] == "BT_ON")
            #expect(list["outputs"]?[1]?["offset"] == 2)
            #expect(list["outputs"]?[1]?["line"] == "PWR_LED_OFF")
        }
    }

    @Test("a config naming the Pi 5's pinctrl-rp1 works before and after the renumbering")
    func pi5Renumbering() async throws {
        let rp1 = (0..<54).map { $0 < 28 ? "GPIO\($0)" : "" }
        let brcmstb = (0..<4).map {
            SimulatedChip.Layout(
                name: "gpiochip\($0)", label: "gpio-brcmstb@107d5085\($0)0", lineNames: Array(repeating: "", count: 32))
        }
        let early = SimulatedGPIO(
            brcmstb + [SimulatedChip.Layout(name: "gpiochip4", label: "pinctrl-rp1", lineNames: rp1)])
        let current = SimulatedGPIO(
            [SimulatedChip.Layout(name: "gpiochip0", label: "pinctrl-rp1", lineNames: rp1)]
                + brcmstb.enumerated().map {
                    SimulatedChip.Layout(
                        name: "gpiochip\($0.offset + 10)", label: $0.element.label, lineNames: $0.element.lineNames)
                })
        for (world, name) in [(early, "gpiochip4"), (current, "gpiochip0")] {
            let yaml = "backend: simulated\nchip: pinctrl-rp1\ninputs:\n  doorbell: {line: GPIO17, bias: pull-up}\n"
            try await withPanel(yaml, world: world) { manager, _, world in
                let list = try await manager.call("panel.list")
                #expect(list["chip"]?["name"] == .string(name))
                #expect(world.chip(named: name)?.lineInfos()[17].consumer == "looselycoupled:panel.doorbell")
            }
        }
    }

    @Test("simulate and simulate_press need the simulated backend")
    func simulationOnHardware() async throws {
        let log = EventLog()
        // Hardware config, but run on a simulated chip so that it can start here.
        let config = try gpioConfig("inputs:\n  doorbell: {line: 17}\n")
        try await ModuleManager.withRunning([
            ModuleSpec(GPIOModule.self, name: "panel", config: config) {
                try GPIOModule(context: $0, backend: HardwareLikeBackend())
            },
            log.spec(name: "sink", events: "gpio_*"),
        ]) { manager in
            let error = await #expect(throws: CallError.self) {
                try await manager.call("panel.simulate_press", ["input": "doorbell"])
            }
            #expect(error?.message.contains("needs the simulated backend") == true)
        }
    }

    @Test("on this machine's hardware backend, a missing chip says which chips there are (none, without GPIO)")
    func hardwareMissingChip() async throws {
        let failure = try #require(
            await startFailure([
                ModuleSpec(
                    GPIOModule.self, name: "panel",
                    config: try gpioConfig("chip: gpiochip99\noutputs:\n  lamp: {line: 4}\n"), required: true)
            ]))
        let chips = HardwareGPIO().scanChips()
        if chips.isEmpty {
            #expect(failure.hasPrefix("no GPIO chip 'gpiochip99': this system has no GPIO chips (no /dev/gpiochip*)"))
        } else {
            #expect(failure.hasPrefix("no GPIO chip 'gpiochip99' (by path, name or label); the chips are: \(chips[0])"))
        }
    }
}

/// The simulated chips under another name, so the module sees a backend that is not
/// ``SimulatedGPIO`` (as with hardware).
struct HardwareLikeBackend: GPIOBackend {
    let chips = SimulatedGPIO()
    var name: String { "hardware-like" }
    var hasKernelDebounce: Bool { false }
    func scanChips() -> [ChipDescription] { chips.scanChips() }
    func describeChip(path: String) throws(GPIOError) -> ChipDescription { try chips.describeChip(path: path) }
    func lines(of chip: ChipDescription) throws(GPIOError) -> [LineInfo] { try chips.lines(of: chip) }
    func requestLine(on chip: ChipDescription, line: LineInfo, settings: LineSettings, consumer: String)
        throws(GPIOError) -> any GPIOLineHandle
    {
        try chips.requestLine(on: chip, line: line, settings: settings, consumer: consumer)
    }
}
