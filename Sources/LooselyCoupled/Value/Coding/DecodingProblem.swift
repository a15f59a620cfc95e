/// A decoding problem before its container adds where it happened.
struct DecodingProblem: Error {
    let code: ValueDecodingError.Code
    let message: String

    static func mismatch(expected: String, got value: Value) -> DecodingProblem {
        DecodingProblem(code: .typeMismatch, message: "expected \(expected), got \(value.summary)")
    }
}
