/// One requested line. Released when the handle is deallocated.
///
/// Handles are not `Sendable`: each is owned by one actor (outputs) or one thread (inputs, on
/// the edge reader thread), and never shared.
public protocol GPIOLineHandle: AnyObject {
    /// The line's offset on its chip.
    var offset: Int { get }

    /// The logical level (`true` = active; `active_low` applied).
    func read() throws(GPIOError) -> Bool

    /// Drives an output to a logical level.
    func write(_ value: Bool) throws(GPIOError)

    /// A descriptor that polls readable when edges are pending; `-1` for a line without edges.
    var edgeDescriptor: Int32 { get }

    /// Appends the pending edges, without blocking; appends nothing if none is pending.
    func readEdges(into edges: inout [LineEdge]) throws(GPIOError)
}
