public import LooselyCoupled
import SystemPackage

/// One GPIO chip as a scan of the system (or of the simulated backend) found it.
public struct ChipDescription: Sendable, Hashable, CustomStringConvertible {
    /// The device path, such as `/dev/gpiochip0`.
    public var path: String
    /// The kernel's name, such as `gpiochip0`.
    public var name: String
    /// The driver's label, such as `pinctrl-bcm2835` or `pinctrl-rp1`; `nil` if the chip could not be opened.
    public var label: String?
    /// How many lines it has; `nil` if the chip could not be opened.
    public var lineCount: Int?
    /// Why the chip could not be opened during the scan, if it could not.
    public var openError: GPIOError?

    /// A chip that was opened and described.
    public init(path: String, name: String, label: String?, lineCount: Int?, openError: GPIOError? = nil) {
        self.path = path
        self.name = name
        self.label = label
        self.lineCount = lineCount
        self.openError = openError
    }

    /// `gpiochip0 [pinctrl-bcm2835, 54 lines]`, or the reason it could not be opened.
    public var description: String {
        if let label, let lineCount {
            return "\(name) [\(label.isEmpty ? "no label" : label), \(lineCount) lines]"
        }
        if let openError {
            let reason = openError.errno.map(\.description) ?? openError.message
            return "\(name) [cannot open: \(reason)]"
        }
        return name
    }
}
