/// What an output is doing, as `set`, `blink` and `pulse` request it and `get` reports it.
///
/// The level an output has at a given instant follows from its state and the clock; see
/// ``BlinkScheduler`` for when each state starts, changes and ends.
public enum OutputState: Sendable, Hashable {
    /// Steadily on.
    case on
    /// Steadily off; also the state a finished blink or pulse ends in.
    case off
    /// Following the named rhythm, in phase with every other output in it.
    case rhythm(String)
    /// Blinking on its own: on for `on`, off for `off`, starting on; after `count` cycles, `off`.
    /// `nil` count blinks until the state changes.
    case blink(on: Duration, off: Duration, count: Int?)
    /// On for the duration, then `off`.
    case pulse(Duration)
}
