import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Who holds a device open, from `/proc/PID/fd`: for the message of a busy port.
///
/// Only processes whose descriptors the daemon's user may read are seen (its own, or all of
/// them as root); a port held by another user's process is "held by another process".
enum PortHolder {
    /// A process that has `device` open.
    struct Process: Sendable, Hashable {
        var pid: Int32
        /// Its name, from `/proc/PID/comm`.
        var name: String
    }

    /// The processes with `device` open, by pid, the caller included.
    static func processes(holding device: String, proc: String = "/proc") -> [Process] {
        var found: [Process] = []
        for name in (try? Files.entries(inDirectory: proc)) ?? [] {
            guard let pid = Int32(name), pid > 0 else { continue }
            let fds = "\(proc)/\(name)/fd"
            let holds = ((try? Files.entries(inDirectory: fds)) ?? []).contains { fd in
                (try? Files.linkTarget(atPath: "\(fds)/\(fd)")) == device
            }
            guard holds else { continue }
            let comm = (try? Files.read(atPath: "\(proc)/\(name)/comm", limit: 256)).map {
                String(decoding: $0.prefix { $0 != 0x0A }, as: UTF8.self)
            }
            found.append(Process(pid: pid, name: comm ?? "?"))
        }
        return found.sorted { $0.pid < $1.pid }
    }

    /// `'minicom' (pid 812)`, with a hint for the holders that are usual suspects; `nil` when
    /// no holder can be seen.
    static func describe(holding device: String) -> String? {
        let holders = processes(holding: device)
        guard !holders.isEmpty else { return nil }
        let me = getpid()
        var text = holders.map {
            "'\($0.name)' (pid \($0.pid)\($0.pid == me ? ", this daemon: another module has the same device" : ""))"
        }
        .joined(separator: ", ")
        if holders.contains(where: { $0.name == "ModemManager" }) {
            text +=
                "; ModemManager probes new serial ports: stop it (`systemctl disable --now ModemManager`) or tell it to leave this one "
                + "alone with a udev rule setting ENV{ID_MM_DEVICE_IGNORE}=\"1\""
        }
        if holders.contains(where: { $0.name.hasSuffix("getty") }) {
            text +=
                "; a login prompt runs on the port: `systemctl disable --now serial-getty@\(lastComponent(device)).service` "
                + "(and remove console=\(lastComponent(device)) from the kernel command line)"
        }
        return text
    }

    private static func lastComponent(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }
}
