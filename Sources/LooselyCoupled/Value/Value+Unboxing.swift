extension Value {
    /// How a message shows a value that was not expected: `string "x"`, `int 300`, `null`.
    var summary: String {
        switch self {
        case .null: return "null"
        case .bool(let bool): return "bool \(bool)"
        case .int(let int): return "int \(int)"
        case .double(let double): return "double \(double)"
        case .string(let string):
            // Enough to recognise the value; a long one would drown the message.
            let limit = 40
            guard string.count > limit else { return "string \(Value.string(string).json)" }
            return "string \(Value.string(String(string.prefix(limit))).json)…"
        case .array(let elements): return "array of \(elements.count)"
        case .object: return "object"
        }
    }

    func unbox(_: Bool.Type) throws(DecodingProblem) -> Bool {
        guard case .bool(let bool) = self else { throw .mismatch(expected: "bool", got: self) }
        return bool
    }

    func unbox(_: String.Type) throws(DecodingProblem) -> String {
        guard case .string(let string) = self else { throw .mismatch(expected: "string", got: self) }
        return string
    }

    /// Accepts `.double` and `.int`: JSON and YAML do not tell `1` from `1.0`.
    func unbox(_: Double.Type) throws(DecodingProblem) -> Double {
        switch self {
        case .double(let double): return double
        case .int(let int): return Double(int)
        default: throw .mismatch(expected: "number", got: self)
        }
    }

    func unbox(_: Float.Type) throws(DecodingProblem) -> Float {
        let double = try unbox(Double.self)
        let float = Float(double)
        guard float.isFinite || !double.isFinite else {
            throw DecodingProblem(code: .outOfRange, message: "\(double) is out of range for Float")
        }
        return float
    }

    /// Accepts `.int` and a whole `.double` that fit `Integer`.
    func unbox<Integer: FixedWidthInteger>(_: Integer.Type) throws(DecodingProblem) -> Integer {
        let converted: Integer?
        switch self {
        case .int(let int):
            converted = Integer(exactly: int)
        case .double(let double) where double.isFinite && double.rounded(.towardZero) == double:
            converted = Integer(exactly: double)
        default:
            throw .mismatch(expected: "int", got: self)
        }
        guard let converted else {
            throw DecodingProblem(
                code: .outOfRange,
                message: "\(json) is out of range for \(Integer.self) (\(Integer.min)...\(Integer.max))"
            )
        }
        return converted
    }
}
