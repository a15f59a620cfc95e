import Logging
import LooselyCoupled
import Testing

@testable import LooselyCoupledDaemon

@Suite("LogLineFormat")
struct LogLineFormatTests {
    private let now = Int64(1_767_225_600) * 1_000_000_000 + 5_000_000  // 2026-01-01T00:00:00.005Z

    @Test("text: time, level, module, message, sorted metadata; values with spaces quoted")
    func text() {
        let format = LogLineFormat(style: .text, journal: false)
        let line = format.line(
            level: .warning, label: "looselycoupled", message: "timer missed\na time",
            metadata: ["module": "clock", "timer": "alarm", "note": "two words", "a": "x=y"], error: nil, wallNow: now)
        let time = WallClock.rfc3339(now, utc: false)
        #expect(line == "\(time) warning clock: timer missed\\na time a=\"x=y\" note=\"two words\" timer=alarm")
        let withoutModule = format.line(
            level: .info, label: "looselycoupled", message: "stopped", metadata: [:], error: nil, wallNow: now)
        #expect(withoutModule == "\(time) info looselycoupled: stopped")
    }

    @Test("journal: the syslog priority first, no time")
    func journal() {
        let format = LogLineFormat(style: .text, journal: true)
        let levels: [Logger.Level] = [.trace, .debug, .info, .notice, .warning, .error, .critical]
        #expect(
            levels.map {
                format.line(level: $0, label: "l", message: "m", metadata: [:], error: nil, wallNow: now).prefix(3)
            } == [
                "<7>", "<7>", "<6>", "<5>", "<4>", "<3>", "<2>",
            ])
        #expect(
            format.line(level: .error, label: "l", message: "m", metadata: ["module": "door"], error: nil, wallNow: now)
                == "<3>error door: m")
    }

    @Test("json: one object per line with the record's fields")
    func json() throws {
        let format = LogLineFormat(style: .json, journal: false)
        let line = format.line(
            level: .info, label: "looselycoupled", message: "module \"started\"",
            metadata: ["module": "clock", "list": ["a", "b"]], error: nil, wallNow: now)
        #expect(!line.contains("\n"))
        let record = try Value(json: line)
        #expect(record["level"] == "info")
        #expect(record["label"] == "looselycoupled")
        #expect(record["module"] == "clock")
        #expect(record["message"] == "module \"started\"")
        #expect(record["metadata"] == ["list": ["a", "b"]])
        #expect(record["time"] == .string(WallClock.rfc3339(now, utc: false)))
    }

    @Test("times print as RFC 3339 with milliseconds")
    func times() {
        #expect(WallClock.rfc3339(now, utc: true) == "2026-01-01T00:00:00.005Z")
    }
}
