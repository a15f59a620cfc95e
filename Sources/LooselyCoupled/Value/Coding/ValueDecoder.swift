/// Decodes `Decodable` types from a ``Value`` directly, without a JSON step.
///
/// ```swift
/// struct Door: Decodable { var device: String; var baud: Int = 9600 }
/// let door = try ValueDecoder().decode(Door.self, from: ["device": "/dev/ttyUSB0", "baud": 19200])
/// ```
///
/// An integer property accepts `.int` and a whole `.double` in its range; a floating-point one
/// also accepts `.int`. An optional property accepts a missing key and `null`.
public struct ValueDecoder: Sendable {
    /// Context for the types' `init(from:)`, as `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    /// A decoder without `userInfo`.
    public init() {}

    /// Decodes a `T` from `value`.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - value: The value to decode it from.
    /// - Throws: ``ValueDecodingError`` naming the key path and the problem, or an error that
    ///   `T`'s own `init(from:)` throws that is no `DecodingError`.
    public func decode<T: Decodable>(_ type: T.Type = T.self, from value: Value) throws -> T {
        do {
            return try ValueDecoderImpl.decode(type, from: value, at: [], userInfo: userInfo)
        } catch let error as DecodingError {
            throw ValueDecodingError(error)
        }
    }
}
