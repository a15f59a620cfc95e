public import LooselyCoupled

/// Finds a chip by path, name, number or label among the chips a scan found, so that a config
/// naming `pinctrl-rp1` survives the Pi 5 renumbering (its header chip was gpiochip4 on early
/// kernels and is gpiochip0 since).
///
/// Pure: both backends scan, then resolve through it, and their errors read the same.
public struct ChipDirectory: Sendable {
    /// The chips found, in the scan's order.
    public var chips: [ChipDescription]

    /// A directory of `chips`.
    public init(chips: [ChipDescription]) {
        self.chips = chips
    }

    /// How `chip:` was matched.
    public enum Match: Sendable, Hashable {
        /// A scanned chip, by path, name, number or label.
        case chip(ChipDescription)
        /// A path that the scan did not list (a symlink such as `/dev/gpio/by-label/…`): the
        /// backend opens it directly.
        case path(String)
    }

    /// Resolves `spec`: a path (`/dev/gpiochip0`), a name (`gpiochip0`), a number (`0`) or a
    /// label (`pinctrl-rp1`), in that order.
    ///
    /// - Throws: `chipNotFound` naming `spec` and every chip there is.
    public func resolve(_ spec: String) throws(GPIOError) -> Match {
        if spec.hasPrefix("/") {
            if let chip = chips.first(where: { $0.path == spec }) { return .chip(chip) }
            return .path(spec)
        }
        let name = spec.allSatisfy(\.isASCIIDigit) && !spec.isEmpty ? "gpiochip" + spec : spec
        if let chip = chips.first(where: { $0.name == name }) { return .chip(chip) }
        if let chip = chips.first(where: { $0.label == spec }) { return .chip(chip) }
        throw notFound(spec)
    }

    /// The error for a chip that is not there: names it and lists the chips that are.
    public func notFound(_ spec: String) -> GPIOError {
        guard !chips.isEmpty else {
            return GPIOError(
                .chipNotFound,
                "no GPIO chip '\(spec)': this system has no GPIO chips (no /dev/gpiochip*); check that this board has "
                    + "GPIO and, under systemd, that the unit may see the devices (DeviceAllow=char-gpiochip rw), "
                    + "or use `backend: simulated`")
        }
        let list = chips.map(\.description).joined(separator: ", ")
        var message = "no GPIO chip '\(spec)' (by path, name or label); the chips are: \(list)"
        if chips.contains(where: { $0.openError?.code == .permissionDenied }) {
            message += "; some could not be opened: add the daemon's user to the gpio group"
        }
        return GPIOError(.chipNotFound, message)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
