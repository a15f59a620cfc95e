import LooselyCoupled
import Testing

@Suite("YAMLParser")
struct YAMLParserTests {
    @Test("nodes keep 1-based line and column, keys their own marks")
    func marks() throws {
        let text = """
            # comment
            modules:
              door:
                baud: 9600
                names: [a, "b"]
                list:
                  - x
            """
        let root = try #require(try YAMLParser.parse(text, file: "t.yaml"))
        let modules = try #require(root.mapping)
        #expect(modules.mark == Mark(line: 2, column: 1))
        #expect(modules.entries[0].key.mark == Mark(line: 2, column: 1))
        let door = try #require(modules["modules"]?.mapping?["door"]?.mapping)
        #expect(door.mark == Mark(line: 4, column: 5))
        #expect(
            door.entries.map(\.key.mark) == [
                Mark(line: 4, column: 5), Mark(line: 5, column: 5), Mark(line: 6, column: 5),
            ])
        #expect(door["baud"]?.mark == Mark(line: 4, column: 11))
        #expect(door["names"]?.mark == Mark(line: 5, column: 12))
        #expect(
            door["names"]?.sequence?.elements.map(\.mark) == [Mark(line: 5, column: 13), Mark(line: 5, column: 16)])
        #expect(door["list"]?.mark == Mark(line: 7, column: 7))
        #expect(door["list"]?.sequence?.elements.first?.mark == Mark(line: 7, column: 9))
    }

    @Test("columns count characters, not bytes")
    func unicodeColumns() throws {
        let root = try YAMLParser.parse("größe: über\nx: 1\n", file: "t.yaml")
        #expect(root?.mapping?["größe"]?.mark == Mark(line: 1, column: 8))
    }

    @Test("scalars keep their text, whether they were quoted, and an explicit tag")
    func scalarStyles() throws {
        let text = """
            a: off
            b: 'off'
            c: "off"
            d: !!str 12
            e: |
              line
            f: >
              folded
            """
        let mapping = try #require(try YAMLParser.parse(text, file: "t.yaml")?.mapping)
        #expect(mapping["a"]?.scalar == YAMLNode.Scalar("off", style: .plain, mark: Mark(line: 1, column: 4)))
        #expect(mapping["b"]?.scalar?.style == .singleQuoted)
        #expect(mapping["c"]?.scalar?.style == .doubleQuoted)
        #expect(mapping["c"]?.scalar?.text == "off")
        #expect(mapping["d"]?.scalar?.tag == "tag:yaml.org,2002:str")
        #expect(mapping["d"]?.scalar?.text == "12")
        #expect(mapping["e"]?.scalar?.style == .literal)
        #expect(mapping["e"]?.scalar?.text == "line\n")
        #expect(mapping["f"]?.scalar?.style == .folded)
        #expect(mapping["a"]?.scalar?.isPlain == true)
        #expect(mapping["b"]?.scalar?.isPlain == false)
    }

    @Test("mapping keys stay in file order")
    func keyOrder() throws {
        let mapping = try #require(try YAMLParser.parse("zeta: 1\nalpha: 2\nmid: 3\n", file: "t.yaml")?.mapping)
        #expect(mapping.keys == ["zeta", "alpha", "mid"])
    }

    @Test("an empty file or one with only comments is an empty document")
    func emptyDocument() throws {
        #expect(try YAMLParser.parse("", file: "t.yaml") == nil)
        #expect(try YAMLParser.parse("# nothing here\n\n", file: "t.yaml") == nil)
        #expect(try YAMLParser.parse("---\n", file: "t.yaml")?.isNull == true)
    }

    @Test("aliases are replaced by their anchors' nodes, with the anchors' marks")
    func aliases() throws {
        let text = """
            base: &serial
              baud: 9600
            door: *serial
            list: [&x 1, *x]
            """
        let mapping = try #require(try YAMLParser.parse(text, file: "t.yaml")?.mapping)
        #expect(mapping["door"] == mapping["base"])
        #expect(mapping["door"]?.mapping?["baud"]?.mark == Mark(line: 2, column: 9))
        #expect(mapping["list"]?.sequence?.elements.map { $0.scalar?.text } == ["1", "1"])
    }

    @Test("merge keys bring in, where the << stands, entries the mapping does not set itself")
    func mergeKeys() throws {
        let text = """
            defaults: &defaults
              baud: 9600
              parity: none
            door:
              device: /dev/ttyUSB0
              <<: *defaults
              baud: 19200
            """
        let door = try #require(try YAMLParser.parse(text, file: "t.yaml")?.mapping?["door"]?.mapping)
        #expect(door.keys == ["device", "parity", "baud"])
        #expect(door["baud"]?.scalar?.text == "19200")
        #expect(door["parity"]?.scalar?.text == "none")
    }

    @Test("a merge key with a scalar value is an error")
    func badMerge() {
        #expect(
            errorLines { try YAMLParser.parse("a:\n  <<: 5\n", file: "t.yaml") } == [
                "t.yaml:2:7: a.<<: a merge key '<<' takes a mapping or a list of mappings, not \"5\""
            ])
    }

    @Test("a duplicate key is an error at the second key, naming the first")
    func duplicateKey() {
        let text = """
            modules:
              door:
                baud: 9600
                baud: 19200
            """
        #expect(
            errorLines { try YAMLParser.parse(text, file: "demo.yaml") } == [
                "demo.yaml:4:5: modules.door.baud: duplicate key 'baud' (first at line 3, column 5)"
            ])
    }

    @Test("a syntax error reads FILE:LINE:COLUMN: KEY.PATH: message")
    func syntaxError() {
        let text = """
            modules:
              door:
                baud: 9600
               parity: none
            """
        #expect(
            errorLines { try YAMLParser.parse(text, file: "demo.yaml") } == [
                "demo.yaml:4:4: modules: did not find expected key (while parsing a block mapping at line 2, column 3)"
            ])
    }

    @Test("a second document is an error")
    func multipleDocuments() {
        #expect(
            errorLines { try YAMLParser.parse("a: 1\n---\nb: 2\n", file: "t.yaml") } == [
                "t.yaml:2:1: a config file holds one YAML document, but a second one starts here"
            ])
    }

    @Test("an alias to an undefined anchor is an error")
    func undefinedAlias() {
        #expect(
            errorLines { try YAMLParser.parse("a: *nowhere\n", file: "t.yaml") } == [
                "t.yaml:1:4: a: alias *nowhere names no anchor &nowhere defined before it"
            ])
    }

    @Test("aliases that expand without bound stop the parse (billion laughs)")
    func billionLaughs() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let errors = configErrors { try YAMLParser.parse(text, file: "t.yaml") }
        #expect(errors.count == 1)
        #expect(errors.first?.code == .tooLarge)
        #expect(errors.first?.message == "the document expands to more than 1000000 nodes through aliases")
    }

    @Test("nesting deeper than the limit is an error, not a stack overflow")
    func deepNesting() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let errors = configErrors { try YAMLParser.parse(text, file: "t.yaml") }
        #expect(
            errors.map(\.description) == [
                "t.yaml:1:257: [0][0][0]" + String(repeating: "[0]", count: 253) + ": nesting deeper than 256 levels"
            ])
    }
}
