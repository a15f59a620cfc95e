/// Something a ``ButtonStateMachine`` recognised, with the instant it physically happened.
///
/// The GPIO module turns each into a `gpio_*` event: `input` into `gpio_input`, `press` into
/// `gpio_press`, and so on. ``ButtonStateMachine`` documents when each kind is emitted and which
/// instant its ``timestamp`` carries.
public struct ButtonEvent: Sendable, Hashable, CustomStringConvertible {
    /// What was recognised.
    public var kind: Kind
    /// When it happened: the debounced edge's own timestamp, or for `longPress` and `hold` the
    /// instant the press reached that duration; never the later instant it was reported at.
    public var timestamp: GPIOInstant

    /// An event of `kind` at `timestamp`.
    public init(_ kind: Kind, at timestamp: GPIOInstant) {
        self.kind = kind
        self.timestamp = timestamp
    }

    /// The kinds of event, one per `gpio_*` event of the module.
    public enum Kind: Sendable, Hashable {
        /// The debounced logical level changed (`gpio_input`); `edge` is `.rising` when `value` is true.
        case input(value: Bool, edge: Edge)
        /// The button went down.
        case press
        /// The button came up; always preceded by its `press`.
        case release
        /// One short press, reported once no second press followed within the gap.
        case click
        /// Exactly two short presses in a row.
        case doubleClick
        /// Three or more short presses in a row; `count` is how many.
        case multiClick(count: Int)
        /// The press has lasted `long_press`; fired while still held, once per press.
        case longPress
        /// The press has lasted `hold_delay + repeat × hold_repeat`; the first hold has `repeat` 0.
        case hold(repeat: Int)
    }

    /// The direction of a level change.
    public enum Edge: Sendable, Hashable {
        /// Inactive to active (logical 0 to 1).
        case rising
        /// Active to inactive (logical 1 to 0).
        case falling
    }

    /// A compact form such as `press@10000000ns`, for test failure messages and logs.
    public var description: String {
        let name: String
        switch kind {
        case .input(let value, _): name = value ? "input(1)" : "input(0)"
        case .press: name = "press"
        case .release: name = "release"
        case .click: name = "click"
        case .doubleClick: name = "doubleClick"
        case .multiClick(let count): name = "multiClick(\(count))"
        case .longPress: name = "longPress"
        case .hold(let count): name = "hold(\(count))"
        }
        return "\(name)@\(timestamp)"
    }
}
