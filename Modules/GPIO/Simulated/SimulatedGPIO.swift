#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// GPIO chips that live in the process: the backend behind `backend: simulated` and
/// `--simulate`, so the daemon runs, and is tested, without hardware.
///
/// It behaves like a chip: lines have names, bias decides what an unconnected input reads,
/// `active_low` inverts, a requested line is exclusive (a second request fails naming the
/// consumer that holds it), and edges arrive stamped on `CLOCK_MONOTONIC` through a pollable
/// descriptor, so they take the same path through the module as the kernel's.
///
/// ```swift
/// let gpio = SimulatedGPIO()                      // a Raspberry Pi's two chips
/// let header = gpio.chip(named: "gpiochip0")!     // label pinctrl-bcm2835, lines GPIO0…GPIO27
/// header.drive(offset: 17, to: false)             // a button pulls GPIO17 to ground
/// ```
public final class SimulatedGPIO: GPIOBackend {
    /// The chips every `backend: simulated` module of the daemon shares, as modules on one
    /// machine share its chips.
    public static let shared = SimulatedGPIO()

    /// The chips, in the order a scan lists them.
    public let chips: [SimulatedChip]

    /// A system with `layouts`' chips; by default a Raspberry Pi's.
    public init(_ layouts: [SimulatedChip.Layout] = SimulatedChip.Layout.raspberryPi) {
        chips = layouts.map(SimulatedChip.init)
    }

    /// The chip named `name` (`gpiochip0`).
    public func chip(named name: String) -> SimulatedChip? {
        chips.first { $0.description.name == name }
    }

    /// The chip at `path` (`/dev/gpiochip0`), if it is plugged in.
    func chip(at path: String) -> SimulatedChip? {
        chips.first { $0.description.path == path && $0.isPresent }
    }

    /// The backend as `gpio list` and logs name it.
    public var name: String { "simulated" }

    /// Debounce is the module's, in software, as with libgpiod 1.
    public var hasKernelDebounce: Bool { false }

    /// Every GPIO chip the backend has, in name order; a chip that cannot be opened comes with its error.
    public func scanChips() -> [ChipDescription] {
        chips.filter(\.isPresent).map(\.description)
    }

    /// The chip at `path`: name, label and line count.
    public func describeChip(path: String) throws(GPIOError) -> ChipDescription {
        guard let chip = chip(at: path) else {
            throw GPIOError.system(ENOENT, "cannot open GPIO chip \(path)")
        }
        return chip.description
    }

    /// Every line of `chip`, with its name and whether another consumer holds it.
    public func lines(of chip: ChipDescription) throws(GPIOError) -> [LineInfo] {
        try simulatedChip(chip).lineInfos()
    }

    /// Requests `line` of `chip` with `settings`, in the name of `consumer`.
    public func requestLine(on chip: ChipDescription, line: LineInfo, settings: LineSettings, consumer: String)
        throws(GPIOError)
        -> any GPIOLineHandle
    {
        try simulatedChip(chip).request(offset: line.offset, settings: settings, consumer: consumer)
    }

    private func simulatedChip(_ description: ChipDescription) throws(GPIOError) -> SimulatedChip {
        guard let chip = chip(at: description.path) else {
            throw GPIOError.system(ENOENT, "cannot open GPIO chip \(description.path)")
        }
        return chip
    }
}
