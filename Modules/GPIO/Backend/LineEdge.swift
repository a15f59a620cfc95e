/// A level change of a line, as the kernel (or the simulated chip) stamped it.
public struct LineEdge: Sendable, Hashable {
    /// The line's offset.
    public var offset: Int
    /// The logical level after the edge.
    public var level: Bool
    /// `CLOCK_MONOTONIC` nanoseconds.
    public var timestampNanoseconds: UInt64

    /// An edge of line `offset` to `level` at `timestampNanoseconds`.
    public init(offset: Int, level: Bool, timestampNanoseconds: UInt64) {
        self.offset = offset
        self.level = level
        self.timestampNanoseconds = timestampNanoseconds
    }
}
