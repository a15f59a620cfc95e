import LooselyCoupled
import LooselyCoupledTestKit
import Testing

/// The parser against JSONTestSuite (Fuzz/corpus/json/JSONTestSuite, MIT): every `y_` case
/// parses, every `n_` case is refused with an error inside the input, and every `i_` case
/// (implementation-defined: huge numbers, invalid UTF-16 in escapes, deep nesting) either parses
/// or is refused, never crashes. What parses prints as JSON that parses back to the same value.
@Suite struct JSONTestSuiteTests {
    /// This file is Tests/LooselyCoupledTests/JSON/ in the repository.
    static let directory =
        #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(4)
        .joined(separator: "/") + "/Fuzz/corpus/json/JSONTestSuite/test_parsing"
    static let cases = directoryEntries(directory).filter { $0.hasSuffix(".json") }

    @Test func theSuiteIsThere() {
        #expect(Self.cases.count >= 300, "JSONTestSuite's cases are missing from \(Self.directory)")
    }

    @Test("y_ cases parse and print back to the same value", arguments: cases.filter { $0.hasPrefix("y_") })
    func accepted(_ name: String) throws {
        let bytes = try #require(readFileBytes("\(Self.directory)/\(name)"))
        let value = try Value(json: bytes)
        #expect(try Value(json: value.json) == value)
    }

    @Test("n_ cases are refused with a position inside the input", arguments: cases.filter { $0.hasPrefix("n_") })
    func refused(_ name: String) throws {
        let bytes = try #require(readFileBytes("\(Self.directory)/\(name)"))
        let error = #expect(throws: JSONError.self) { try Value(json: bytes) }
        if let error { #expect((0...bytes.count).contains(error.offset)) }
    }

    @Test("i_ cases parse or are refused", arguments: cases.filter { $0.hasPrefix("i_") })
    func implementationDefined(_ name: String) throws {
        let bytes = try #require(readFileBytes("\(Self.directory)/\(name)"))
        if let value = try? Value(json: bytes) {
            #expect(try Value(json: value.json) == value)
        }
    }
}
