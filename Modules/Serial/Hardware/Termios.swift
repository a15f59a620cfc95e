#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// ``SerialSettings`` to and from a `termios`: raw mode (no echo, no line discipline, no
/// translation of CR or LF, no signals), the receiver on, modem lines ignored for opening, reads
/// returning as soon as one byte is there.
enum Termios {
    /// Makes `raw` the raw-mode termios for `settings`.
    ///
    /// - Returns: `nil` if the rate has no Linux constant (the schema's checks refuse those).
    static func apply(_ settings: SerialSettings, to raw: inout termios) -> termios? {
        guard let speed = BaudRate.speed(of: settings.baud) else { return nil }
        cfmakeraw(&raw)
        raw.c_cflag &= ~(tcflag_t(CSIZE | PARENB | PARODD | CSTOPB) | tcflag_t(CRTSCTS))
        // CLOCAL: the port opens and works without a carrier (DCD), as most devices have none.
        raw.c_cflag |= tcflag_t(CREAD | CLOCAL)
        raw.c_cflag |= characterSize(settings.dataBits)
        switch settings.parity {
        case .none: break
        case .even: raw.c_cflag |= tcflag_t(PARENB)
        case .odd: raw.c_cflag |= tcflag_t(PARENB | PARODD)
        }
        if settings.stopBits == 2 { raw.c_cflag |= tcflag_t(CSTOPB) }
        raw.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        switch settings.flowControl {
        case .none: break
        case .rtscts: raw.c_cflag |= tcflag_t(CRTSCTS)
        case .xonxoff: raw.c_iflag |= tcflag_t(IXON | IXOFF)
        }
        // VMIN 1, VTIME 0: a non-blocking read says EAGAIN when nothing is there, and 0 only
        // after a hang-up (with VMIN 0 it would return 0 for "nothing yet" as well).
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        cfsetispeed(&raw, speed)
        cfsetospeed(&raw, speed)
        return raw
    }

    /// The settings `current` stands for, as the driver reports them; a rate outside the
    /// table reads as 0.
    static func settings(of current: termios) -> SerialSettings {
        var current = current
        let baud = BaudRate.rate(of: cfgetospeed(&current)) ?? 0
        let dataBits: Int
        switch current.c_cflag & tcflag_t(CSIZE) {
        case tcflag_t(CS5): dataBits = 5
        case tcflag_t(CS6): dataBits = 6
        case tcflag_t(CS7): dataBits = 7
        default: dataBits = 8
        }
        let parity: SerialSettings.Parity
        if current.c_cflag & tcflag_t(PARENB) == 0 {
            parity = .none
        } else {
            parity = current.c_cflag & tcflag_t(PARODD) == 0 ? .even : .odd
        }
        let flowControl: SerialSettings.FlowControl
        if current.c_cflag & tcflag_t(CRTSCTS) != 0 {
            flowControl = .rtscts
        } else if current.c_iflag & tcflag_t(IXON | IXOFF) == tcflag_t(IXON | IXOFF) {
            flowControl = .xonxoff
        } else {
            flowControl = .none
        }
        return SerialSettings(
            baud: baud, dataBits: dataBits, parity: parity, stopBits: current.c_cflag & tcflag_t(CSTOPB) == 0 ? 1 : 2,
            flowControl: flowControl)
    }

    private static func characterSize(_ bits: Int) -> tcflag_t {
        switch bits {
        case 5: tcflag_t(CS5)
        case 6: tcflag_t(CS6)
        case 7: tcflag_t(CS7)
        default: tcflag_t(CS8)
        }
    }
}
