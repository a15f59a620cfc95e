/// A coding key for array positions and `super`, and the readable form of a coding path.
struct ValueCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?
    /// Set for a position in an array, which a path shows as `[2]`.
    let index: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
        self.index = nil
    }

    init(intValue: Int) {
        self.stringValue = "\(intValue)"
        self.intValue = intValue
        self.index = nil
    }

    init(index: Int) {
        self.stringValue = "Index \(index)"
        self.intValue = index
        self.index = index
    }

    static let `super` = ValueCodingKey(stringValue: "super")

    /// A coding path as users write it: `modules.door.pins[2].name`.
    ///
    /// A key that would be ambiguous in that form (empty, or holding `.`, `[`, `]`, `"` or
    /// whitespace) is written as `["key"]`.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = (key as? ValueCodingKey)?.index {
                path += "[\(index)]"
            } else if key.stringValue.isEmpty || key.stringValue.contains(where: needsQuotes) {
                path += "[\(Value.string(key.stringValue).json)]"
            } else {
                if !path.isEmpty { path += "." }
                path += key.stringValue
            }
        }
        return path
    }

    private static func needsQuotes(_ character: Character) -> Bool {
        character == "." || character == "[" || character == "]" || character == "\"" || character.isWhitespace
    }
}
