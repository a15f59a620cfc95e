/// Encodes `Encodable` types to a ``Value`` directly, without a JSON step.
///
/// ```swift
/// struct Reading: Encodable { var sensor: String; var celsius: Double; var note: String? }
/// let value = try ValueEncoder().encode(Reading(sensor: "bme280", celsius: 21.5, note: nil))
/// // {"celsius":21.5,"sensor":"bme280"}
/// ```
///
/// Integers become `.int`, `Float` and `Double` become `.double`, and optional properties that
/// are `nil` are left out of their object, as `JSONEncoder` does.
public struct ValueEncoder: Sendable {
    /// Context for the types' `encode(to:)`, as `Encoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// An encoder without `userInfo`.
    public init() {}

    /// Encodes `value` to a ``Value``.
    ///
    /// - Parameter value: The value to encode.
    /// - Throws: `EncodingError.invalidValue` for an integer beyond `Int`'s range (a `UInt64`
    ///   above `Int.max`) or a value that encodes nothing, or what `value`'s own `encode(to:)`
    ///   throws.
    public func encode<T: Encodable>(_ value: T) throws -> Value {
        if let value = value as? Value { return value }
        let encoder = ValueEncoderImpl(codingPath: [], userInfo: userInfo)
        try value.encode(to: encoder)
        guard let encoded = encoder.node.encodedValue else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(codingPath: [], debugDescription: "\(T.self) did not encode any value")
            )
        }
        return encoded
    }
}
