#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Where the GPIO module's chips and lines come from: libgpiod (``HardwareGPIO``) or a chip that
/// lives in the process (``SimulatedGPIO``).
///
/// Both behave the same to the module: chips are found by path, name or label through
/// ``ChipDirectory``, lines are requested exclusively, edges come from a pollable descriptor.
public protocol GPIOBackend: Sendable {
    /// `hardware (libgpiod 1.6.3)` or `simulated`, for logs and `list`.
    var name: String { get }

    /// Whether requested inputs can be debounced by the kernel (libgpiod 2); otherwise the module
    /// debounces in software.
    var hasKernelDebounce: Bool { get }

    /// The chips present now.
    func scanChips() -> [ChipDescription]

    /// Describes a chip by its path, for a path the scan did not list.
    func describeChip(path: String) throws(GPIOError) -> ChipDescription

    /// The lines of `chip`, indexed by offset.
    func lines(of chip: ChipDescription) throws(GPIOError) -> [LineInfo]

    /// Requests one line of `chip` for the caller alone, until the handle is released.
    ///
    /// - Throws: `lineBusy` naming the consumer that holds it, `permissionDenied`, or another
    ///   error naming the chip and line.
    func requestLine(on chip: ChipDescription, line: LineInfo, settings: LineSettings, consumer: String)
        throws(GPIOError)
        -> any GPIOLineHandle
}

/// One requested line. Released when the handle is deallocated.
///
/// Handles are not `Sendable`: each is owned by one actor (outputs) or one thread (inputs, on
/// the edge reader thread), and never shared.
public protocol GPIOLineHandle: AnyObject {
    /// The line's offset on its chip.
    var offset: Int { get }

    /// The logical level (`true` = active; `active_low` applied).
    func read() throws(GPIOError) -> Bool

    /// Drives an output to a logical level.
    func write(_ value: Bool) throws(GPIOError)

    /// A descriptor that polls readable when edges are pending; `-1` for a line without edges.
    var edgeDescriptor: Int32 { get }

    /// Appends the pending edges, without blocking; appends nothing if none is pending.
    func readEdges(into edges: inout [LineEdge]) throws(GPIOError)
}

/// How a line is requested.
public struct LineSettings: Sendable, Hashable {
    /// Input or output.
    public var isOutput: Bool
    /// Whether the logical level is the inverse of the physical one.
    public var activeLow: Bool
    /// The pull resistor of an input.
    public var bias: Bias
    /// Whether an input reports edges.
    public var edges: Bool
    /// Kernel debounce of an input (libgpiod 2 only); `.zero` for none.
    public var debounce: Duration
    /// The logical level an output starts at.
    public var initialValue: Bool

    /// An input's settings.
    public static func input(activeLow: Bool, bias: Bias, debounce: Duration = .zero) -> LineSettings {
        LineSettings(
            isOutput: false, activeLow: activeLow, bias: bias, edges: true, debounce: debounce, initialValue: false)
    }

    /// An output's settings.
    public static func output(activeLow: Bool, initialValue: Bool) -> LineSettings {
        LineSettings(
            isOutput: true, activeLow: activeLow, bias: .asIs, edges: false, debounce: .zero, initialValue: initialValue
        )
    }
}

/// An input's pull resistor, as `bias:` names it.
public enum Bias: String, Sendable, Hashable, CaseIterable {
    /// Pulled to the supply: an unconnected input reads high.
    case pullUp = "pull-up"
    /// Pulled to ground: an unconnected input reads low.
    case pullDown = "pull-down"
    /// No pull resistor.
    case disabled
    /// Whatever the chip is set to already.
    case asIs = "as-is"
}

/// A level change of a line, as the kernel (or the simulated chip) stamped it.
public struct LineEdge: Sendable, Hashable {
    /// The line's offset.
    public var offset: Int
    /// The logical level after the edge.
    public var level: Bool
    /// `CLOCK_MONOTONIC` nanoseconds.
    public var timestampNanoseconds: UInt64

    /// An edge of line `offset` to `level` at `timestampNanoseconds`.
    public init(offset: Int, level: Bool, timestampNanoseconds: UInt64) {
        self.offset = offset
        self.level = level
        self.timestampNanoseconds = timestampNanoseconds
    }
}

extension GPIOError {
    /// The error for a line someone else holds, naming the holder from the line's info.
    static func busy(_ line: LineInfo, on chip: ChipDescription, consumer holder: String?) -> GPIOError {
        let who: String
        switch holder {
        case let holder? where !holder.isEmpty: who = "'\(holder)' holds it"
        case .some: who = "a consumer without a name holds it"
        case nil: who = "another consumer holds it"
        }
        return GPIOError(
            .lineBusy,
            "line \(line.displayName) of \(chip.description) is busy: \(who). Stop the program that holds it, or remove the "
                + "kernel driver or device-tree overlay that claims it (`gpioinfo \(chip.name)` lists who holds which line)",
            errno: EBUSY)
    }
}

extension LineInfo {
    /// `GPIO17 (offset 17)`, or `17` for a line without a name.
    var displayName: String { name.isEmpty ? "\(offset)" : "\(name) (offset \(offset))" }
}
