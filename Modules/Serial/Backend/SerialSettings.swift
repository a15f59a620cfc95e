public import LooselyCoupled

/// The line settings of a port: rate, character size, parity, stop bits and flow control.
///
/// The module asks for these, then reads back what the driver actually set; a driver that
/// changed any of them (a pseudo-terminal keeps 8 data bits and no parity, a USB adapter may not
/// reach a rate) makes the open fail with ``SerialError/Code/settingRefused``.
public struct SerialSettings: Sendable, Hashable, CustomStringConvertible {
    /// `parity:` of the config.
    public enum Parity: String, Sendable, Hashable, CaseIterable, Decodable {
        case none, even, odd
    }

    /// `flow_control:` of the config.
    public enum FlowControl: String, Sendable, Hashable, CaseIterable, Decodable {
        /// No flow control.
        case none
        /// Hardware: the RTS and CTS lines.
        case rtscts
        /// Software: XON and XOFF characters, both ways.
        case xonxoff
    }

    /// Bits per second, one of ``BaudRate/rates``.
    public var baud: Int
    /// 5, 6, 7 or 8.
    public var dataBits: Int
    /// None, even or odd.
    public var parity: Parity
    /// 1 or 2.
    public var stopBits: Int
    /// None, RTS/CTS or XON/XOFF.
    public var flowControl: FlowControl

    /// Settings as the config names them.
    public init(
        baud: Int = 9600, dataBits: Int = 8, parity: Parity = .none, stopBits: Int = 1, flowControl: FlowControl = .none
    ) {
        self.baud = baud
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
        self.flowControl = flowControl
    }

    /// `9600 8N1`, with ` rtscts` or ` xonxoff` when set.
    public var description: String {
        let parityLetter = parity == .none ? "N" : parity == .even ? "E" : "O"
        let flow = flowControl == .none ? "" : " \(flowControl.rawValue)"
        return "\(baud) \(dataBits)\(parityLetter)\(stopBits)\(flow)"
    }

    /// The settings that differ in `actual` from these, as `(key, wanted, got)` with the config's
    /// key names, in the config's order.
    public func differences(in actual: SerialSettings) -> [(key: String, wanted: String, got: String)] {
        var found: [(String, String, String)] = []
        if actual.baud != baud { found.append(("baud", "\(baud)", "\(actual.baud)")) }
        if actual.dataBits != dataBits { found.append(("data_bits", "\(dataBits)", "\(actual.dataBits)")) }
        if actual.parity != parity { found.append(("parity", parity.rawValue, actual.parity.rawValue)) }
        if actual.stopBits != stopBits { found.append(("stop_bits", "\(stopBits)", "\(actual.stopBits)")) }
        if actual.flowControl != flowControl {
            found.append(("flow_control", flowControl.rawValue, actual.flowControl.rawValue))
        }
        return found
    }

    /// `{baud, data_bits, parity, stop_bits, flow_control}`, as `status` shows them.
    public var value: Value {
        [
            "baud": .int(baud), "data_bits": .int(dataBits), "parity": .string(parity.rawValue),
            "stop_bits": .int(stopBits), "flow_control": .string(flowControl.rawValue),
        ]
    }
}
