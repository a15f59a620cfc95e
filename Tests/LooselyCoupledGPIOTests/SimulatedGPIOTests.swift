import LooselyCoupled
import Synchronization
import Testing

@testable import LooselyCoupledGPIO

#if canImport(Glibc)
    import Glibc
#endif

/// The simulated chip on its own: it must behave like a chip for the module to be tested on it.
@Suite("SimulatedGPIO")
struct SimulatedGPIOTests {
    private func request(_ gpio: SimulatedGPIO, _ offset: Int, _ settings: LineSettings, consumer: String = "test")
        throws -> any GPIOLineHandle
    {
        let chip = gpio.scanChips()[0]
        return try gpio.requestLine(
            on: chip, line: try gpio.lines(of: chip)[offset], settings: settings, consumer: consumer)
    }

    @Test("a Raspberry Pi's chips: names, labels and line names")
    func layout() throws {
        let gpio = SimulatedGPIO()
        #expect(
            gpio.scanChips().map(\.description) == [
                "gpiochip0 [pinctrl-bcm2835, 28 lines]", "gpiochip1 [raspberrypi-exp-gpio, 8 lines]",
            ])
        let lines = try gpio.lines(of: gpio.scanChips()[0])
        #expect(lines.map(\.name) == (0..<28).map { "GPIO\($0)" })
        #expect(lines.allSatisfy { !$0.isUsed && $0.consumer.isEmpty })
    }

    @Test(
        "bias decides an unconnected input's level; active_low inverts it",
        arguments: [
            (Bias.pullUp, false, true), (.pullUp, true, false), (.pullDown, false, false), (.pullDown, true, true),
            (.disabled, false, false), (.asIs, true, true),
        ])
    func bias(_ bias: Bias, _ activeLow: Bool, _ expected: Bool) throws {
        let line = try request(SimulatedGPIO(), 4, .input(activeLow: activeLow, bias: bias))
        #expect(try line.read() == expected)
    }

    @Test("a requested line is exclusive: a second request names the consumer; a release frees it")
    func exclusive() throws {
        let gpio = SimulatedGPIO()
        var first: (any GPIOLineHandle)? = try request(
            gpio, 17, .input(activeLow: false, bias: .asIs), consumer: "looselycoupled:panel.bell")
        let error = #expect(throws: GPIOError.self) {
            try request(gpio, 17, .output(activeLow: false, initialValue: false))
        }
        #expect(error?.code == .lineBusy)
        #expect(error?.message.contains("'looselycoupled:panel.bell' holds it") == true)
        #expect(
            try gpio.lines(of: gpio.scanChips()[0])[17]
                == LineInfo(offset: 17, name: "GPIO17", consumer: "looselycoupled:panel.bell", isUsed: true))
        _ = first
        first = nil
        #expect(throws: Never.self) { _ = try request(gpio, 17, .output(activeLow: false, initialValue: false)) }
    }

    @Test("edges arrive on a pollable descriptor, logical, stamped, and only when the logical level changes")
    func edges() throws {
        let gpio = SimulatedGPIO()
        let line = try request(gpio, 17, .input(activeLow: true, bias: .pullUp))
        let chip = try #require(gpio.chip(named: "gpiochip0"))
        var descriptor = pollfd(fd: line.edgeDescriptor, events: Int16(POLLIN), revents: 0)
        #expect(poll(&descriptor, 1, 0) == 0)
        chip.drive(offset: 17, to: false, at: 1_000)
        chip.drive(offset: 17, to: false, at: 2_000)
        chip.drive(offset: 17, to: true, at: 3_000)
        chip.drive(offset: 17, to: nil, at: 4_000)
        #expect(poll(&descriptor, 1, 0) == 1)
        var edges: [LineEdge] = []
        try line.readEdges(into: &edges)
        #expect(
            edges == [
                LineEdge(offset: 17, level: true, timestampNanoseconds: 1_000),
                LineEdge(offset: 17, level: false, timestampNanoseconds: 3_000),
            ])
        descriptor.revents = 0
        #expect(poll(&descriptor, 1, 0) == 0)
    }

    @Test(
        "outputs drive their line (inverted with active_low), observers see each change, a released output keeps its level"
    )
    func outputs() throws {
        let gpio = SimulatedGPIO()
        let chip = try #require(gpio.chip(named: "gpiochip0"))
        let seen = Locked<[Bool]>([])
        chip.observeOutputs { change in seen.withLock { $0.append(change.level) } }
        var line: (any GPIOLineHandle)? = try request(gpio, 27, .output(activeLow: true, initialValue: false))
        #expect(chip.level(offset: 27) == true)
        try line?.write(true)
        try line?.write(true)
        #expect(chip.level(offset: 27) == false)
        #expect(try line?.read() == true)
        #expect(seen.withLock { $0 } == [true, false])
        chip.drive(offset: 27, to: true)
        #expect(chip.level(offset: 27) == false)
        line = nil
        #expect(chip.level(offset: 27) == false)
        #expect(chip.lineInfos()[27].isUsed == false)
    }
}
