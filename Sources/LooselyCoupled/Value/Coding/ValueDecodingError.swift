/// Why a ``Value`` could not be decoded into a `Decodable` type, and where.
///
/// The description names the key path and the problem, as a user reading a config error needs:
///
/// ```
/// door.baud: missing key
/// items[2].name: expected string, got null
/// i: expected int, got string "x"
/// ```
///
/// A type's own `init(from:)` reports a bad value the usual way, with
/// `DecodingError.dataCorruptedError(forKey:in:debugDescription:)`; ``ValueDecoder`` turns it
/// into this error, with the path and the debug description as the problem.
public struct ValueDecodingError: Error, CustomStringConvertible, Hashable, Sendable {
    /// The kind of problem, to branch on; new kinds may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case typeMismatch
            case missing
            case outOfRange
            case invalidValue
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The value is of another kind than the type needs: a string for an `Int`.
        public static let typeMismatch = Code(.typeMismatch)
        /// A required key is missing from an object, or an array has too few elements.
        public static let missing = Code(.missing)
        /// A number does not fit the type: `300` for a `UInt8`.
        public static let outOfRange = Code(.outOfRange)
        /// The value has the right kind but is not allowed: a string that names no case of an enum.
        public static let invalidValue = Code(.invalidValue)

        /// The name of the code.
        public var description: String {
            switch base {
            case .typeMismatch: "type_mismatch"
            case .missing: "missing"
            case .outOfRange: "out_of_range"
            case .invalidValue: "invalid_value"
            }
        }
    }

    /// The kind of problem.
    public let code: Code
    /// Where the problem is, as `items[2].name`; empty for the value itself.
    public let path: String
    /// What is wrong there, as `expected string, got null`.
    public let problem: String

    init(_ code: Code, at codingPath: [any CodingKey], _ problem: String) {
        self.code = code
        self.path = ValueCodingKey.path(codingPath)
        self.problem = problem
    }

    /// The path and the problem, as `items[2].name: expected string, got null`.
    public var description: String {
        path.isEmpty ? problem : "\(path): \(problem)"
    }
}

extension ValueDecodingError {
    /// The error for the standard library's `DecodingError`, thrown by hand-written `init(from:)`
    /// and by the standard conformances, such as that of enums with raw values.
    init(_ error: DecodingError) {
        switch error {
        case .keyNotFound(let key, let context):
            self.init(.missing, at: context.codingPath + [key], "missing key")
        case .valueNotFound(_, let context):
            self.init(.missing, at: context.codingPath, context.debugDescription)
        case .typeMismatch(_, let context):
            self.init(.typeMismatch, at: context.codingPath, context.debugDescription)
        case .dataCorrupted(let context):
            self.init(.invalidValue, at: context.codingPath, context.debugDescription)
        @unknown default:
            self.init(.invalidValue, at: [], "\(error)")
        }
    }
}
