import LooselyCoupledGPIO

/// Shorthands for instants on the tests' virtual clock, which starts at zero.
extension GPIOInstant {
    static func ms(_ milliseconds: UInt64) -> GPIOInstant {
        GPIOInstant(nanoseconds: milliseconds * 1_000_000)
    }

    static func us(_ microseconds: UInt64) -> GPIOInstant {
        GPIOInstant(nanoseconds: microseconds * 1_000)
    }

    static func ns(_ nanoseconds: UInt64) -> GPIOInstant {
        GPIOInstant(nanoseconds: nanoseconds)
    }
}
