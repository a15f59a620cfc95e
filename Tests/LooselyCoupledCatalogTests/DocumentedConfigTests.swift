import LooselyCoupled
import LooselyCoupledCatalog
import LooselyCoupledTestKit
import Testing

/// The configs users copy from: every YAML example in the README and the docs, and the shipped
/// config files, must pass the same validation `looselycoupled check` runs.
@Suite("documented configs")
struct DocumentedConfigTests {
    /// The repository's root, from this file's path (Tests/LooselyCoupledCatalogTests/…).
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()

    static func read(_ relativePath: String) -> String? {
        readFile(root + "/" + relativePath)
    }

    /// The ```yaml blocks of a Markdown file, with the line each starts on.
    static func yamlBlocks(_ markdown: String) -> [(line: Int, text: String)] {
        var blocks: [(Int, String)] = []
        var current: [Substring]?
        var start = 0
        for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if current == nil, line.hasPrefix("```yaml") {
                current = []
                start = index + 2
            } else if let lines = current, line.hasPrefix("```") {
                blocks.append((start, lines.joined(separator: "\n") + "\n"))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test(
        "every YAML example in README.md, docs/DAEMON.md, docs/GPIO.md, docs/SERIAL.md, docs/I2C.md and docs/CONTROLLER.md is a valid config",
        arguments: [
            "README.md", "docs/DAEMON.md", "docs/GPIO.md", "docs/SERIAL.md", "docs/I2C.md", "docs/CONTROLLER.md",
        ])
    func markdownExamples(file: String) throws {
        let markdown = try #require(Self.read(file), "cannot read \(file)")
        let blocks = Self.yamlBlocks(markdown)
        #expect(!blocks.isEmpty)
        for block in blocks {
            do {
                _ = try ModuleCatalog.builtIn.parse(block.text, file: "\(file) (block at line \(block.line))")
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test("the shipped configs are valid", arguments: ["config/looselycoupled.yaml", "config/demo.yaml"])
    func shippedConfigs(file: String) throws {
        let yaml = try #require(Self.read(file), "cannot read \(file)")
        _ = try ModuleCatalog.builtIn.parse(yaml, file: file)
    }
}
