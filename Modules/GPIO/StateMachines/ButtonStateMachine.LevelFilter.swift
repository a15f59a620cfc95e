extension ButtonStateMachine {
    /// A level that must stay unchanged for `delay` before it is accepted.
    ///
    /// This one shape serves as both the glitch filter and the debounce, chained: an excursion
    /// shorter than `delay` is dropped with both its edges, and an accepted edge keeps the timestamp
    /// at which the level started to be stable, not the later instant at which that became known.
    /// A pending change is always towards the opposite of `accepted`, so `pendingSince` is enough.
    struct LevelFilter: Sendable, Equatable {
        /// The minimum stable time, in nanoseconds; zero passes every edge straight through.
        let delay: UInt64
        /// The level downstream has been told about.
        private(set) var accepted: Bool
        /// When the input last moved away from `accepted`; `nil` while it agrees with `accepted`.
        private(set) var pendingSince: GPIOInstant?

        init(delay: UInt64, level: Bool) {
            self.delay = delay
            self.accepted = level
            self.pendingSince = nil
        }

        /// Records that the input is now at `level`, from instant `at`.
        mutating func input(_ level: Bool, at instant: GPIOInstant) {
            if level == accepted {
                // Back where it was before the stable time ran out: the excursion was a bounce.
                pendingSince = nil
            } else if pendingSince == nil {
                pendingSince = instant
            }
            // A repeated report of the pending level keeps the earlier start: the level did not move.
        }

        /// Accepts the pending level if it has been stable for `delay` by `now`.
        ///
        /// - Returns: The accepted edge, stamped with the instant its level began, or `nil`.
        mutating func advance(to now: GPIOInstant) -> FilteredEdge? {
            guard let since = pendingSince, now >= since.advanced(nanoseconds: delay) else { return nil }
            accepted.toggle()
            pendingSince = nil
            return FilteredEdge(level: accepted, at: since)
        }

        /// When the pending level, if any, will have been stable long enough.
        var deadline: GPIOInstant? {
            pendingSince.map { $0.advanced(nanoseconds: delay) }
        }
    }

    /// An edge that survived a ``LevelFilter``.
    struct FilteredEdge: Sendable, Equatable {
        var level: Bool
        var at: GPIOInstant
    }
}
