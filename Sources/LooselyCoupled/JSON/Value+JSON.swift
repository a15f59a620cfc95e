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
        let result = bytes.withContiguousStorageIfAvailable(JSONParser.parse)
            ?? Array(bytes).withUnsafeBufferPointer(JSONParser.parse)
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
