import LooselyCoupledGPIO

/// The documented output semantics as plain bookkeeping: which state each output is in since
/// when, and when each rhythm with members started. The property test checks the scheduler's
/// levels and states against it at every tick and request.
struct BlinkReferenceModel {
    private var rhythms: [String: (on: UInt64, off: UInt64)]
    private(set) var states: [String: OutputState] = [:]
    private var since: [String: UInt64] = [:]
    private var epochs: [String: UInt64] = [:]

    init(rhythms: [String: Rhythm]) {
        self.rhythms = rhythms.mapValues { (Self.nanoseconds($0.on), Self.nanoseconds($0.off)) }
    }

    private static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }

    /// Finished blinks and pulses are `off` from their end on.
    mutating func expire(at now: UInt64) {
        for (output, state) in states {
            guard let start = since[output] else { continue }
            switch state {
            case .blink(let on, let off, let count?):
                let period = Self.nanoseconds(on) + Self.nanoseconds(off)
                if now >= start + UInt64(count - 1) * period + Self.nanoseconds(on) { states[output] = .off }
            case .pulse(let duration):
                if now >= start + Self.nanoseconds(duration) { states[output] = .off }
            default:
                break
            }
        }
    }

    mutating func request(_ output: String, _ state: OutputState, at now: UInt64) {
        expire(at: now)
        let current = states[output] ?? .off
        switch (current, state) {
        case (.on, .on), (.off, .off): return
        case (.rhythm(let a), .rhythm(let b)) where a == b: return
        default: break
        }
        states[output] = state
        since[output] = now
        if case .rhythm(let name) = current, !states.values.contains(.rhythm(name)) {
            epochs[name] = nil
        }
        if case .rhythm(let name) = state, epochs[name] == nil {
            epochs[name] = now
        }
    }

    mutating func toggle(_ output: String, at now: UInt64) {
        expire(at: now)
        request(output, (states[output] ?? .off) == .off ? .on : .off, at: now)
    }

    func level(of output: String, at now: UInt64) -> Bool {
        switch states[output] ?? .off {
        case .on, .pulse: return true
        case .off: return false
        case .rhythm(let name):
            guard let epoch = epochs[name], let timing = rhythms[name] else { return false }
            return (now - epoch) % (timing.on + timing.off) < timing.on
        case .blink(let on, let off, _):
            let start = since[output] ?? now
            return (now - start) % (Self.nanoseconds(on) + Self.nanoseconds(off)) < Self.nanoseconds(on)
        }
    }

    /// Whether anything is still due to change by itself.
    var hasTimers: Bool {
        !epochs.isEmpty
            || states.values.contains {
                switch $0 {
                case .blink, .pulse: return true
                default: return false
                }
            }
    }
}
