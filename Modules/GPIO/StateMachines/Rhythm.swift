/// A named blink pattern that outputs share: every output in the same rhythm is on at the same time.
///
/// A rhythm is a definition only; ``BlinkScheduler`` runs it, with one phase and one deadline per
/// rhythm however many outputs follow it.
public struct Rhythm: Sendable, Hashable {
    /// How long each cycle is on.
    public var on: Duration
    /// How long each cycle is off.
    public var off: Duration

    /// A rhythm that is on for `on`, then off for `off`, repeating; both must be positive.
    public init(on: Duration, off: Duration) {
        self.on = on
        self.off = off
    }

    /// The rhythms every GPIO module has; a module's own `rhythms` add to or replace them by name.
    ///
    /// `very_slow` 2000/2000 ms, `slow` 1600/1600, `normal` 1200/1200, `fast` 800/800 and
    /// `very_fast` 400/400, the rhythms of the Python looselycoupled.
    public static let defaults: [String: Rhythm] = [
        "very_slow": Rhythm(on: .milliseconds(2000), off: .milliseconds(2000)),
        "slow": Rhythm(on: .milliseconds(1600), off: .milliseconds(1600)),
        "normal": Rhythm(on: .milliseconds(1200), off: .milliseconds(1200)),
        "fast": Rhythm(on: .milliseconds(800), off: .milliseconds(800)),
        "very_fast": Rhythm(on: .milliseconds(400), off: .milliseconds(400)),
    ]
}
