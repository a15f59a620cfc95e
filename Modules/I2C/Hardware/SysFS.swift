import LooselyCoupled

/// The few reads of sysfs the hardware backend needs: adapter names and the drivers bound to
/// addresses, through the core's ``Files``. Each answers `nil` (or nothing) where the file is
/// missing: sysfs describes, it never decides whether the bus works.
enum SysFS {
    /// The contents of a small text file, without the trailing newline.
    static func read(_ path: String) -> String? {
        guard let bytes = try? Files.read(atPath: path, limit: 4096) else { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last == "\n" { text.removeLast() }
        return text
    }

    /// The last component of a symbolic link's target (a driver's name from `…/driver`).
    static func linkName(_ path: String) -> String? {
        guard let target = try? Files.linkTarget(atPath: path) else { return nil }
        return target.split(separator: "/").last.map(String.init)
    }

    /// The i2c-dev buses, by number.
    static func buses(root: String = "/sys/class/i2c-dev") -> [I2CBusInfo] {
        let entries = (try? Files.entries(inDirectory: root)) ?? []
        return entries.compactMap { entry -> I2CBusInfo? in
            guard entry.hasPrefix("i2c-"), let number = Int(entry.dropFirst(4)) else { return nil }
            return I2CBusInfo(number: number, name: read("\(root)/\(entry)/name") ?? "")
        }.sorted { $0.number < $1.number }
    }

    /// The kernel driver bound to `address` on bus `number`, as `/sys/bus/i2c/devices/1-0077/driver` names it.
    static func driver(bus number: Int, address: UInt16) -> String? {
        let hex = String(address, radix: 16)
        let client = "/sys/bus/i2c/devices/\(number)-" + String(repeating: "0", count: 4 - hex.count) + hex
        return linkName(client + "/driver")
    }
}
