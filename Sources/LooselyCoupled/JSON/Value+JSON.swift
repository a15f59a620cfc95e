extension Value {
    /// Parses JSON text strictly by RFC 8259.
    ///
    /// Integers that fit `Int` become `.int`; other numbers, and any with a fraction or exponent
    /// (`1.0`, `1e3`), become `.double`. Of duplicate keys in an object, the last wins.
    ///
    /// ```swift
    /// let value = try Value(json: #"{"led": "GPIO17", "on": true}"#)
    /// ```
    ///
    /// - Parameter json: The whole text: nothing but whitespace may follow the value.
    /// - Throws: ``JSONError`` naming the problem and its line and column, also for trailing
    ///   characters, lone surrogates, raw control characters in strings, leading zeros, NaN or
    ///   Infinity, and nesting deeper than 512 levels.
    public init(json: String) throws(JSONError) {
        try self.init(json: json.utf8)
    }

    /// Parses JSON text in UTF-8 strictly by RFC 8259, as the `String` variant does.
    ///
    /// - Parameter bytes: The whole text, in UTF-8 without a byte order mark.
    /// - Throws: ``JSONError`` naming the problem and its line and column.
    public init(json bytes: some Collection<UInt8>) throws(JSONError) {
        let result =
            bytes.withContiguousStorageIfAvailable { JSONParser.parse($0) }
            ?? Array(bytes).withUnsafeBufferPointer { JSONParser.parse($0) }
        self = try result.get()
    }

    /// Parses a JSON envelope: an object whose members carry values that are themselves held to
    /// the usual limit of 512 levels, such as the control socket's `{"op": …, "payload": …}`.
    ///
    /// The envelope adds `envelopeDepth` levels to what it carries, so a value that
    /// ``init(json:)-(String)`` accepts on its own is accepted inside it too: one limit for a
    /// payload, wherever it is checked.
    ///
    /// - Throws: ``JSONError``, as ``init(json:)-(String)``.
    public init(jsonEnvelope json: String, envelopeDepth: Int = 1) throws(JSONError) {
        let depthLimit = JSONParser.maximumDepth + max(0, envelopeDepth)
        let result =
            json.utf8.withContiguousStorageIfAvailable { JSONParser.parse($0, depthLimit: depthLimit) }
            ?? Array(json.utf8).withUnsafeBufferPointer { JSONParser.parse($0, depthLimit: depthLimit) }
        self = try result.get()
    }

    /// This value as compact JSON text, with object keys sorted so that equal values give
    /// equal text.
    ///
    /// Doubles are written so that they read back as the same double (`2.0`, not `2`); NaN and
    /// infinities, which JSON cannot express, are written as `null`.
    public var json: String {
        var writer = JSONWriter()
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
