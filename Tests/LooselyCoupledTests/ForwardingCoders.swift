import LooselyCoupled

/// A `Decoder` that is not ``ValueDecoder``'s own, so that `Value.init(from:)` takes the path it
/// takes for other decoders; it hands out the containers of ``ValueDecoder``'s decoder.
struct ForwardingDecoder: Decoder {
    /// Catches the decoder that ``ValueDecoder`` hands to `init(from:)`.
    private struct Capture: Decodable {
        let decoder: any Decoder
        init(from decoder: any Decoder) throws { self.decoder = decoder }
    }

    private let base: any Decoder

    init(_ value: Value) throws {
        base = try value.decode(Capture.self).decoder
    }

    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try base.container(keyedBy: type)
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try base.unkeyedContainer() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { try base.singleValueContainer() }
}

/// An `Encoder` that is not ``ValueEncoder``'s own, so that `Value.encode(to:)` takes the path it
/// takes for other encoders; it hands out the containers of ``ValueEncoder``'s encoder.
struct ForwardingEncoder: Encoder {
    /// Encodes `value` through a forwarding encoder, with ``ValueEncoder`` underneath.
    static func encode(_ value: some Encodable) throws -> Value {
        try Value(encoding: Forwarded(value: value))
    }

    private struct Forwarded<Wrapped: Encodable>: Encodable {
        let value: Wrapped
        func encode(to encoder: any Encoder) throws {
            try value.encode(to: ForwardingEncoder(base: encoder))
        }
    }

    let base: any Encoder

    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        base.container(keyedBy: type)
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { base.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { base.singleValueContainer() }
}
