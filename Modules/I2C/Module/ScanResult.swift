/// What a bus scan found, and how each address is probed: the way `i2cdetect` does by default.
struct ScanResult: Sendable, Hashable {
    /// How addresses are probed.
    enum Probe: String, Sendable, Hashable {
        /// i2cdetect's default: a receive byte for 0x30–0x37 and 0x50–0x5F (where a quick write
        /// can corrupt EEPROMs or lock some chips), a quick write elsewhere.
        case auto
        /// A quick write everywhere (`i2cdetect -q`).
        case quick
        /// A receive byte everywhere (`i2cdetect -r`).
        case read

        /// The transaction that probes `address`, given what the adapter can do; `nil` if it
        /// can do neither (the address is skipped, as i2cdetect skips it).
        func transaction(for address: UInt16, functionality: I2CFunctionality) -> SMBusTransaction? {
            let wantsRead: Bool
            switch self {
            case .auto: wantsRead = (0x30...0x37).contains(address) || (0x50...0x5F).contains(address)
            case .quick: wantsRead = false
            case .read: wantsRead = true
            }
            let canQuick = functionality.contains(.smbusQuick), canRead = functionality.contains(.smbusReadByte)
            if wantsRead { return canRead ? .receiveByte : nil }
            return canQuick ? .quickWrite : (canRead && self == .auto ? .receiveByte : nil)
        }
    }

    /// i2cdetect's default range.
    static let range: ClosedRange<UInt16> = 0x08...0x77

    /// An address a kernel driver holds.
    struct Claimed: Sendable, Hashable {
        var address: UInt16
        /// The driver's name from sysfs, if it could be read.
        var driver: String?
    }

    /// Addresses that answered.
    var present: [UInt16] = []
    /// Addresses a kernel driver holds (`UU`).
    var inUse: [Claimed] = []
    /// Addresses that could not be probed with this adapter.
    var skipped: [UInt16] = []

    /// The table `i2cdetect -y` prints: `--` nothing, `UU` in use, the address where one answered.
    var table: String {
        var lines = ["     0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f"]
        for row in stride(from: 0, to: 0x80, by: 0x10) {
            var line = (row == 0 ? "0" : "") + String(row, radix: 16) + ":"
            for address in UInt16(row)..<UInt16(row + 0x10) {
                if !Self.range.contains(address) {
                    line += address < Self.range.lowerBound ? "   " : ""
                } else if present.contains(address) {
                    line += " " + I2CAddress.hex(address).dropFirst(2)
                } else if inUse.contains(where: { $0.address == address }) {
                    line += " UU"
                } else if skipped.contains(address) {
                    line += "   "
                } else {
                    line += " --"
                }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
