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

/// A small, seedable generator (SplitMix64), so that every random test case can be replayed
/// from the seed in its name.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
