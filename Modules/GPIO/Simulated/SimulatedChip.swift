import LooselyCoupled
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// One simulated GPIO chip: its lines' names, what drives them, their pull resistors and who has
/// requested them. Safe from any thread.
///
/// A line's physical level is, in order: the level a requesting module drives it to (an
/// output), else the level something outside drives it to (``drive(offset:to:at:)``, as a button
/// or a sensor would), else what its bias pulls it to (pull-up: high; otherwise low). A
/// requester sees the logical level: physical, inverted when it asked for `active_low`.
public final class SimulatedChip: Sendable {
    /// What a chip looks like: where it is, its name and label, and its lines' names.
    public struct Layout: Sendable, Hashable {
        /// The device path, such as `/dev/gpiochip0`.
        public var path: String
        /// The chip's name, such as `gpiochip0`.
        public var name: String
        /// The driver's label, such as `pinctrl-bcm2835`.
        public var label: String
        /// The lines' names by offset; empty for a line without a name.
        public var lineNames: [String]

        /// A chip `name` at `/dev/NAME` with `label` and these lines.
        public init(name: String, label: String, lineNames: [String], path: String? = nil) {
            self.path = path ?? "/dev/" + name
            self.name = name
            self.label = label
            self.lineNames = lineNames
        }

        /// A Raspberry Pi 3 or 4: the header's chip `gpiochip0` (`pinctrl-bcm2835`, lines
        /// `GPIO0`…`GPIO27`) and the firmware's expander `gpiochip1` (`raspberrypi-exp-gpio`).
        public static let raspberryPi: [Layout] = [
            Layout(name: "gpiochip0", label: "pinctrl-bcm2835", lineNames: (0..<28).map { "GPIO\($0)" }),
            Layout(
                name: "gpiochip1", label: "raspberrypi-exp-gpio",
                lineNames: [
                    "BT_ON", "WL_ON", "PWR_LED_OFF", "GLOBAL_RESET", "VDD_SD_IO_SEL", "CAM_GPIO", "SD_PWR_ON", "",
                ]),
        ]
    }

    /// An output's level change, as an observer of the chip sees it.
    public struct OutputChange: Sendable, Hashable {
        /// The line's offset.
        public var offset: Int
        /// The physical level now driven (`true` = high).
        public var level: Bool
        /// When it changed, `CLOCK_MONOTONIC` nanoseconds.
        public var timestampNanoseconds: UInt64
    }

    /// The chip as a scan reports it.
    public let description: ChipDescription
    private let lineNames: [String]
    private let state: Locked<State>
    private let observers = Locked<[@Sendable (OutputChange) -> Void]>([])

    private struct State {
        var lines: [Line]
        var nextRequest: UInt64 = 1
        var isPresent = true
    }

    private struct Line {
        /// What outside drives the line to; `nil` when nothing is connected.
        var drive: Bool?
        var bias: Bias = .asIs
        var request: Request?
        /// How often an output was written, its request's initial level included.
        var writes = 0
    }

    private struct Request {
        let id: UInt64
        let consumer: String
        let settings: LineSettings
        let channel: EdgeChannel?
        /// The physical level an output drives.
        var outputLevel: Bool
        /// The logical level last reported, to detect edges.
        var reported: Bool
    }

    init(_ layout: Layout) {
        description = ChipDescription(
            path: layout.path, name: layout.name, label: layout.label, lineCount: layout.lineNames.count)
        lineNames = layout.lineNames
        state = Locked(State(lines: Array(repeating: Line(), count: layout.lineNames.count)))
    }

    /// Whether the chip is plugged in; a scan lists only chips that are.
    public var isPresent: Bool { state.withLock { $0.isPresent } }

    /// Takes the chip away, as unplugging a USB GPIO adapter does: scans no longer list it, every
    /// requested line's edge descriptor reports `POLLHUP`, and reading or writing a line that was
    /// requested fails with `ENODEV` (``GPIOError/Code/chipGone``).
    public func unplug() {
        let channels = state.withLock { state -> [EdgeChannel] in
            state.isPresent = false
            let channels = state.lines.compactMap { $0.request?.channel }
            state.lines = Array(repeating: Line(), count: state.lines.count)
            return channels
        }
        for channel in channels { channel.hangUp() }
    }

    /// Brings the chip back, as a new device with nothing requested and nothing connected;
    /// handles from before ``unplug()`` stay dead.
    public func plugIn() {
        state.withLock { $0.isPresent = true }
    }

    /// The lines' names, consumers and use, as the kernel's line info reports them.
    public func lineInfos() -> [LineInfo] {
        state.withLock { state in
            state.lines.indices.map { offset in
                let request = state.lines[offset].request
                return LineInfo(
                    offset: offset, name: lineNames[offset], consumer: request?.consumer ?? "", isUsed: request != nil)
            }
        }
    }

    /// Calls `observer` (on the writing thread) for every output level change from now on.
    public func observeOutputs(_ observer: @escaping @Sendable (OutputChange) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    // MARK: The world outside the chip

    /// Drives line `offset` from outside to `level` (`nil` disconnects it, so its bias decides),
    /// as a button, switch or sensor would. A requester with edges gets one if its logical level
    /// changes, stamped `timestamp` (default now).
    ///
    /// A line driven by its requester (an output) keeps the requester's level.
    public func drive(offset: Int, to level: Bool?, at timestamp: UInt64? = nil) {
        let stamp = timestamp ?? MonotonicClock.now()
        state.withLock { state in
            guard state.lines.indices.contains(offset) else { return }
            state.lines[offset].drive = level
            Self.reportEdge(&state.lines[offset], at: stamp, offset: offset)
        }
    }

    /// Drives the line through `levels` at once, each stamped as given, as edges the kernel has
    /// all stamped and queued by the time the module reads them (a contact that bounced a moment
    /// ago).
    public func drive(offset: Int, through levels: [(level: Bool?, timestamp: UInt64)]) {
        state.withLock { state in
            guard state.lines.indices.contains(offset) else { return }
            // Queued as one batch, as the kernel has them queued when they lie in the past: a
            // reader woken by the first must not take it for the last.
            var edges: [LineEdge] = []
            for (level, timestamp) in levels {
                state.lines[offset].drive = level
                Self.reportEdge(&state.lines[offset], at: timestamp, offset: offset, into: &edges)
            }
            if !edges.isEmpty { state.lines[offset].request?.channel?.push(contentsOf: edges) }
        }
    }

    /// How often line `offset` was written as an output (each request's initial level and each
    /// write, the same level again too): what shows that a reload left a line alone.
    public func writeCount(offset: Int) -> Int {
        state.withLock { state in state.lines.indices.contains(offset) ? state.lines[offset].writes : 0 }
    }

    /// What outside drives line `offset` to, `nil` when nothing does.
    public func externalDrive(offset: Int) -> Bool? {
        state.withLock { state in state.lines.indices.contains(offset) ? state.lines[offset].drive : nil }
    }

    /// The physical level of line `offset` (`true` = high).
    public func level(offset: Int) -> Bool {
        state.withLock { state in state.lines.indices.contains(offset) ? Self.physical(state.lines[offset]) : false }
    }

    // MARK: Requests

    func request(offset: Int, settings: LineSettings, consumer: String) throws(GPIOError) -> SimulatedLine {
        let channel: EdgeChannel?
        if settings.edges && !settings.isOutput {
            channel = try EdgeChannel()
        } else {
            channel = nil
        }
        let now = MonotonicClock.now()
        let outcome = state.withLock { state -> Result<(id: UInt64, change: OutputChange?), GPIOError> in
            guard state.isPresent else {
                return .failure(GPIOError.system(ENODEV, "cannot request line \(offset) of \(description.name)"))
            }
            guard state.lines.indices.contains(offset) else {
                return .failure(GPIOError(.lineNotFound, "\(description.description) has no line \(offset)"))
            }
            if let holder = state.lines[offset].request {
                let info = LineInfo(offset: offset, name: lineNames[offset], consumer: holder.consumer, isUsed: true)
                return .failure(GPIOError.busy(info, on: description, consumer: holder.consumer))
            }
            let id = state.nextRequest
            state.nextRequest += 1
            if settings.isOutput { state.lines[offset].writes += 1 }
            if !settings.isOutput && settings.bias != .asIs {
                state.lines[offset].bias = settings.bias
            }
            let before = Self.physical(state.lines[offset])
            let outputLevel = settings.initialValue != settings.activeLow
            var request = Request(
                id: id, consumer: consumer, settings: settings, channel: channel, outputLevel: outputLevel,
                reported: false)
            state.lines[offset].request = request
            request.reported = Self.physical(state.lines[offset]) != settings.activeLow
            state.lines[offset].request = request
            let after = Self.physical(state.lines[offset])
            let change =
                settings.isOutput && after != before
                ? OutputChange(offset: offset, level: after, timestampNanoseconds: now) : nil
            return .success((id, change))
        }
        switch outcome {
        case .failure(let error):
            throw error
        case .success(let (id, change)):
            if let change { notify(change) }
            return SimulatedLine(chip: self, offset: offset, id: id, channel: channel)
        }
    }

    func release(offset: Int, id: UInt64) {
        state.withLock { state in
            guard state.lines.indices.contains(offset), let request = state.lines[offset].request, request.id == id
            else { return }
            state.lines[offset].request = nil
            if request.settings.isOutput {
                // A released output keeps driving its last level, as most GPIO drivers do.
                state.lines[offset].drive = request.outputLevel
            }
        }
    }

    func read(offset: Int, id: UInt64) throws(GPIOError) -> Bool {
        let value = state.withLock { state -> Result<Bool, GPIOError> in
            guard state.isPresent else {
                return .failure(GPIOError.lineIO(ENODEV, "cannot read line \(offset) of \(description.name)"))
            }
            guard state.lines.indices.contains(offset), let request = state.lines[offset].request, request.id == id
            else {
                return .failure(GPIOError(.system, "line \(offset) of \(description.name) is no longer requested"))
            }
            return .success(Self.physical(state.lines[offset]) != request.settings.activeLow)
        }
        return try value.get()
    }

    func write(offset: Int, id: UInt64, value: Bool) throws(GPIOError) {
        let now = MonotonicClock.now()
        let outcome = state.withLock { state -> Result<OutputChange?, GPIOError> in
            guard state.isPresent else {
                return .failure(GPIOError.lineIO(ENODEV, "cannot write line \(offset) of \(description.name)"))
            }
            guard state.lines.indices.contains(offset), var request = state.lines[offset].request, request.id == id
            else {
                return .failure(GPIOError(.system, "line \(offset) of \(description.name) is no longer requested"))
            }
            guard request.settings.isOutput else {
                return .failure(
                    GPIOError(.unsupported, "line \(offset) of \(description.name) is an input and cannot be written"))
            }
            state.lines[offset].writes += 1
            let level = value != request.settings.activeLow
            guard level != request.outputLevel else { return .success(nil) }
            request.outputLevel = level
            state.lines[offset].request = request
            return .success(OutputChange(offset: offset, level: level, timestampNanoseconds: now))
        }
        switch outcome {
        case .failure(let error): throw error
        case .success(let change?): notify(change)
        case .success(nil): break
        }
    }

    private func notify(_ change: OutputChange) {
        for observer in observers.withLock({ $0 }) { observer(change) }
    }

    private static func physical(_ line: Line) -> Bool {
        if let request = line.request, request.settings.isOutput { return request.outputLevel }
        return line.drive ?? (line.bias == .pullUp)
    }

    /// Queues an edge for the line's requester if its logical level changed.
    private static func reportEdge(_ line: inout Line, at timestamp: UInt64, offset: Int) {
        var edges: [LineEdge] = []
        reportEdge(&line, at: timestamp, offset: offset, into: &edges)
        if !edges.isEmpty { line.request?.channel?.push(contentsOf: edges) }
    }

    /// Appends to `edges` the edge the line's requester sees now, if its logical level changed.
    private static func reportEdge(_ line: inout Line, at timestamp: UInt64, offset: Int, into edges: inout [LineEdge])
    {
        guard var request = line.request, !request.settings.isOutput else { return }
        let logical = physical(line) != request.settings.activeLow
        guard logical != request.reported else { return }
        request.reported = logical
        line.request = request
        edges.append(LineEdge(offset: offset, level: logical, timestampNanoseconds: timestamp))
    }
}
