/// How a line is requested.
public struct LineSettings: Sendable, Hashable {
    /// Input or output.
    public var isOutput: Bool
    /// Whether the logical level is the inverse of the physical one.
    public var activeLow: Bool
    /// The pull resistor of an input.
    public var bias: Bias
    /// Whether an input reports edges.
    public var edges: Bool
    /// Kernel debounce of an input (libgpiod 2 only); `.zero` for none.
    public var debounce: Duration
    /// The logical level an output starts at.
    public var initialValue: Bool

    /// An input's settings.
    public static func input(activeLow: Bool, bias: Bias, debounce: Duration = .zero) -> LineSettings {
        LineSettings(
            isOutput: false, activeLow: activeLow, bias: bias, edges: true, debounce: debounce, initialValue: false)
    }

    /// An output's settings.
    public static func output(activeLow: Bool, initialValue: Bool) -> LineSettings {
        LineSettings(
            isOutput: true, activeLow: activeLow, bias: .asIs, edges: false, debounce: .zero, initialValue: initialValue
        )
    }
}
