import LooselyCoupled

/// The JSON parser, as control requests, CLI arguments and event payloads reach it: any bytes.
/// What parses must print as JSON that parses back to an equal value; what does not must fail
/// with a position inside the input.
enum JSONTarget: FuzzTarget {
    static func fuzz(_ input: UnsafeRawBufferPointer) {
        let bytes = input.bindMemory(to: UInt8.self)
        let value: Value
        do {
            value = try Value(json: bytes)
        } catch {
            check(
                error.offset >= 0 && error.offset <= bytes.count,
                "error offset \(error.offset) outside the input (\(bytes.count) bytes)")
            check(error.line >= 1 && error.column >= 1, "error position \(error.line):\(error.column)")
            _ = error.description
            return
        }
        let printed = value.json
        let reparsed: Value
        do {
            reparsed = try Value(json: printed)
        } catch {
            fail("printed JSON does not parse: \(error)")
        }
        check(reparsed == value, "printed JSON parses to another value")
        check(reparsed.json == printed, "printing is not stable")
    }
}
