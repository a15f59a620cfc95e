import CYAML

/// Owns one libyaml parser and the bytes it reads, and frees both when it goes.
///
/// It is used for one parse on one thread, so it is not `Sendable`. Every event is copied into
/// Swift values and released with `yaml_event_delete` before `next()` returns.
final class LibYAMLParser {
    /// One parsing event, with libyaml's pointers already copied out.
    enum Event {
        case streamStart
        case streamEnd
        case documentStart
        case documentEnd
        case alias(anchor: String)
        case scalar(anchor: String?, tag: String?, text: String, style: YAMLNode.Scalar.Style)
        case sequenceStart(anchor: String?, tag: String?)
        case sequenceEnd
        case mappingStart(anchor: String?, tag: String?)
        case mappingEnd
    }

    /// A syntax error as libyaml reports it.
    struct SyntaxError: Error {
        /// What is wrong, with libyaml's context if it gave one.
        var message: String
        /// Where it went wrong.
        var mark: Mark
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>
    private let inputCount: Int

    /// A parser reading `bytes`; `nil` if libyaml cannot allocate its buffers.
    init?(bytes: [UInt8]) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            return nil
        }
        // libyaml reads the input in place, so the bytes live as long as the parser.
        let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(fromContentsOf: bytes)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
        self.parser = parser
        self.input = input
        self.inputCount = bytes.count
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event and where it starts.
    func next() throws(SyntaxError) -> (event: Event, mark: Mark) {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw syntaxError() }
        defer { yaml_event_delete(&event) }
        let mark = Mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return (.streamStart, mark)
        case YAML_STREAM_END_EVENT:
            return (.streamEnd, mark)
        case YAML_DOCUMENT_START_EVENT:
            return (.documentStart, mark)
        case YAML_DOCUMENT_END_EVENT:
            return (.documentEnd, mark)
        case YAML_ALIAS_EVENT:
            return (.alias(anchor: Self.string(event.data.alias.anchor) ?? ""), mark)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let style: YAMLNode.Scalar.Style =
                switch scalar.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                case YAML_LITERAL_SCALAR_STYLE: .literal
                case YAML_FOLDED_SCALAR_STYLE: .folded
                default: .plain
                }
            let tag = Self.string(scalar.tag)
            return (.scalar(anchor: Self.string(scalar.anchor), tag: tag, text: text, style: style), mark)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            return (.sequenceStart(anchor: Self.string(start.anchor), tag: Self.string(start.tag)), mark)
        case YAML_SEQUENCE_END_EVENT:
            return (.sequenceEnd, mark)
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            return (.mappingStart(anchor: Self.string(start.anchor), tag: Self.string(start.tag)), mark)
        case YAML_MAPPING_END_EVENT:
            return (.mappingEnd, mark)
        default:
            throw SyntaxError(message: "unexpected YAML event \(event.type.rawValue)", mark: mark)
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// libyaml's error, worded as `problem (context at line L, column C)`.
    private func syntaxError() -> SyntaxError {
        let state = parser.pointee
        var message = state.problem.map { String(cString: $0) } ?? "malformed YAML"
        var mark = Mark(state.problem_mark)
        if state.error == YAML_READER_ERROR {
            // The reader reports a byte offset, not a line and column.
            mark = markOfByte(at: state.problem_offset)
            if state.problem_value != -1 {
                let hex = String(UInt8(truncatingIfNeeded: state.problem_value), radix: 16, uppercase: true)
                message += " (byte 0x\(hex.count == 1 ? "0" + hex : hex))"
            }
        } else if let context = state.context.map({ String(cString: $0) }) {
            let contextMark = Mark(state.context_mark)
            message += " (\(context) at line \(contextMark.line), column \(contextMark.column))"
        }
        return SyntaxError(message: message, mark: mark)
    }

    /// The line and column of the byte at `offset`, counting UTF-8 sequences as one column.
    private func markOfByte(at offset: Int) -> Mark {
        var line = 1
        var column = 1
        for byte in input.prefix(min(offset, inputCount)) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0b1100_0000 != 0b1000_0000 {
                column += 1
            }
        }
        return Mark(line: line, column: column)
    }
}

extension Mark {
    /// libyaml's 0-based mark as a 1-based one.
    init(_ mark: yaml_mark_t) {
        self.init(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}
