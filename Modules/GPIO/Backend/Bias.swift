/// An input's pull resistor, as `bias:` names it.
public enum Bias: String, Sendable, Hashable, CaseIterable, Decodable {
    /// Pulled to the supply: an unconnected input reads high.
    case pullUp = "pull-up"
    /// Pulled to ground: an unconnected input reads low.
    case pullDown = "pull-down"
    /// No pull resistor.
    case disabled
    /// Whatever the chip is set to already.
    case asIs = "as-is"
}
