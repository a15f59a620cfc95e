/// The name, consumer and use of one line of a chip, as the kernel reports them.
public struct LineInfo: Sendable, Hashable {
    /// The line's offset on its chip.
    public var offset: Int
    /// The line's name (`GPIO17`), empty if it has none.
    public var name: String
    /// Who holds the line, empty if nobody does or the holder gave no name.
    public var consumer: String
    /// Whether something (a program, a kernel driver) holds it.
    public var isUsed: Bool

    /// A line's information.
    public init(offset: Int, name: String, consumer: String = "", isUsed: Bool = false) {
        self.offset = offset
        self.name = name
        self.consumer = consumer
        self.isUsed = isUsed
    }
}

extension LineInfo {
    /// `GPIO17 (offset 17)`, or `17` for a line without a name.
    var displayName: String { name.isEmpty ? "\(offset)" : "\(name) (offset \(offset))" }
}
