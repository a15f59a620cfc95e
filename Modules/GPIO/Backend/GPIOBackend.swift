public import LooselyCoupled

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
