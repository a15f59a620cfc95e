extension Value: CustomStringConvertible {
    /// The value as compact JSON text, as ``json`` gives it, for logs and messages.
    public var description: String { json }
}
