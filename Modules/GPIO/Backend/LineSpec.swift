public import LooselyCoupled

/// How the config names a line: by offset on its chip (`17`) or by the name the kernel reports
/// (`GPIO17`).
public enum LineSpec: Sendable, Hashable, CustomStringConvertible {
    /// The line at this offset.
    case offset(Int)
    /// The line with this name.
    case name(String)

    /// The `line:` value of a validated config: an integer or a string.
    public init?(_ value: Value?) {
        switch value {
        case .int(let offset)?: self = .offset(offset)
        case .string(let name)?: self = .name(name)
        default: return nil
        }
    }

    /// `17` or `GPIO17`, as written in the config.
    public var description: String {
        switch self {
        case .offset(let offset): String(offset)
        case .name(let name): name
        }
    }

    /// As the config would write it: an integer or a string.
    public var value: Value {
        switch self {
        case .offset(let offset): .int(offset)
        case .name(let name): .string(name)
        }
    }

    /// Finds the line on `chip`, whose lines are `lines` (indexed by offset).
    ///
    /// - Throws: `lineNotFound`: an offset past the chip's last line names the range; an unknown
    ///   name lists the names the chip has (and a near miss, such as a different case).
    public func resolve(on chip: ChipDescription, lines: [LineInfo]) throws(GPIOError) -> LineInfo {
        switch self {
        case .offset(let offset):
            guard let line = lines.first(where: { $0.offset == offset }) else {
                let range = lines.isEmpty ? "none" : "0…\(lines.count - 1)"
                throw GPIOError(.lineNotFound, "\(chip.description) has no line \(offset) (its offsets: \(range))")
            }
            return line
        case .name(let name):
            if let line = lines.first(where: { $0.name == name }) { return line }
            let named = lines.filter { !$0.name.isEmpty }
            guard !named.isEmpty else {
                throw GPIOError(
                    .lineNotFound,
                    "\(chip.description) has no line named '\(name)': its lines have no names; use the line's offset (0…\(max(lines.count - 1, 0)))"
                )
            }
            var message = "\(chip.description) has no line named '\(name)'"
            if let suggestion = Suggestion.didYouMean(name, in: named.map(\.name)) {
                message += " (\(suggestion))"
            }
            message += "; its lines are: " + named.map(\.name).joined(separator: ", ")
            throw GPIOError(.lineNotFound, message)
        }
    }
}

extension LineSpec: Decodable {
    /// Decodes the `line:` value of a validated config: an offset or a name.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let line = LineSpec(try container.decode(Value.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an offset or a line name")
        }
        self = line
    }
}
