#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import SystemPackage

/// The few reads of sysfs the hardware backend needs: adapter names and the drivers bound to
/// addresses. Each answers `nil` (or nothing) where the file is missing: sysfs describes, it
/// never decides whether the bus works.
enum SysFS {
    /// The contents of a small text file, without the trailing newline.
    static func read(_ path: String) -> String? {
        guard let descriptor = try? FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec]) else { return nil }
        defer { try? descriptor.close() }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while true {
            guard let count = try? chunk.withUnsafeMutableBytes({ try descriptor.read(into: $0) }) else { return nil }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last == "\n" { text.removeLast() }
        return text
    }

    /// The names in a directory, `.` and `..` left out.
    static func list(_ directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The last component of a symbolic link's target (a driver's name from `…/driver`).
    static func linkName(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return target.split(separator: "/").last.map(String.init)
    }

    /// The i2c-dev buses, by number.
    static func buses(root: String = "/sys/class/i2c-dev") -> [I2CBusInfo] {
        list(root).compactMap { entry -> I2CBusInfo? in
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
