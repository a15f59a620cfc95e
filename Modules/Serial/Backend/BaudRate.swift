#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The rates a Linux terminal takes through `cfsetospeed`: the `B50` … `B4000000` constants.
public enum BaudRate {
    /// Every rate, ascending, with its `speed_t` constant.
    static let table: [(rate: Int, speed: speed_t)] = [
        (50, speed_t(B50)), (75, speed_t(B75)), (110, speed_t(B110)), (134, speed_t(B134)), (150, speed_t(B150)),
        (200, speed_t(B200)), (300, speed_t(B300)), (600, speed_t(B600)), (1200, speed_t(B1200)),
        (1800, speed_t(B1800)),
        (2400, speed_t(B2400)), (4800, speed_t(B4800)), (9600, speed_t(B9600)), (19200, speed_t(B19200)),
        (38400, speed_t(B38400)), (57600, speed_t(B57600)), (115_200, speed_t(B115200)), (230_400, speed_t(B230400)),
        (460_800, speed_t(B460800)), (500_000, speed_t(B500000)), (576_000, speed_t(B576000)),
        (921_600, speed_t(B921600)),
        (1_000_000, speed_t(B1000000)), (1_152_000, speed_t(B1152000)), (1_500_000, speed_t(B1500000)),
        (2_000_000, speed_t(B2000000)), (2_500_000, speed_t(B2500000)), (3_000_000, speed_t(B3000000)),
        (3_500_000, speed_t(B3500000)), (4_000_000, speed_t(B4000000)),
    ]

    /// Every rate, ascending.
    public static let rates: [Int] = table.map(\.rate)

    /// The `speed_t` constant of `rate`; `nil` for a rate Linux has no constant for.
    static func speed(of rate: Int) -> speed_t? {
        table.first { $0.rate == rate }?.speed
    }

    /// The rate of a `speed_t` constant; `nil` for one outside the table (such as `B0`, hang up).
    static func rate(of speed: speed_t) -> Int? {
        table.first { $0.speed == speed }?.rate
    }

    /// The rates nearest to `rate`, below and above it, for an error message.
    static func neighbours(of rate: Int) -> [Int] {
        let below = rates.last { $0 < rate }
        let above = rates.first { $0 > rate }
        return [below, above].compactMap { $0 }
    }
}
