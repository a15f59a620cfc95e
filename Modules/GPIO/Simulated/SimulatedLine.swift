/// A line of a ``SimulatedChip`` requested by a module; released when deallocated.
final class SimulatedLine: GPIOLineHandle {
    private let chip: SimulatedChip
    let offset: Int
    private let id: UInt64
    private let channel: EdgeChannel?

    init(chip: SimulatedChip, offset: Int, id: UInt64, channel: EdgeChannel?) {
        self.chip = chip
        self.offset = offset
        self.id = id
        self.channel = channel
    }

    deinit {
        chip.release(offset: offset, id: id)
    }

    func read() throws(GPIOError) -> Bool {
        try chip.read(offset: offset, id: id)
    }

    func write(_ value: Bool) throws(GPIOError) {
        try chip.write(offset: offset, id: id, value: value)
    }

    var edgeDescriptor: Int32 { channel?.descriptor ?? -1 }

    func readEdges(into edges: inout [LineEdge]) throws(GPIOError) {
        channel?.take(into: &edges)
    }
}
