import LooselyCoupled
import Testing

/// The "did you mean" that config and GPIO errors add for a misspelt name.
@Suite("Suggestion")
struct SuggestionTests {
    static let pins = (0...27).map { "GPIO\($0)" }

    @Test("a name equal but for case is suggested, before any nearer spelling")
    func caseOnly() {
        #expect(Suggestion.closest(to: "gpio17", in: Self.pins) == "GPIO17")
        #expect(Suggestion.closest(to: "Logging", in: ["loging", "logging"]) == "logging")
    }

    @Test("one or two typos away: a missing, extra, wrong or swapped letter")
    func typos() {
        let keys = ["logging", "modules", "queue", "state_dir"]
        #expect(Suggestion.closest(to: "loging", in: keys) == "logging")
        #expect(Suggestion.closest(to: "moduless", in: keys) == "modules")
        #expect(Suggestion.closest(to: "qeueu", in: keys) == "queue")
        #expect(Suggestion.closest(to: "stat_dri", in: keys) == "state_dir")
        #expect(Suggestion.closest(to: "DORBELL", in: ["DOORBELL", "PORCH", "HALL"]) == "DOORBELL")
    }

    @Test("nothing when no candidate is close enough, or several are equally close")
    func noGuess() {
        #expect(Suggestion.closest(to: "baudrate", in: ["baud", "device", "parity"]) == nil)
        #expect(Suggestion.closest(to: "colour", in: ["enabled", "required", "timers", "type"]) == nil)
        // GPIO4, GPIO10, GPIO20… are all one edit from GPIO40.
        #expect(Suggestion.closest(to: "GPIO40", in: Self.pins) == nil)
        // Short names allow one edit only: "tpe" is "type", "tp" is nothing.
        #expect(Suggestion.closest(to: "tpe", in: ["type", "baud"]) == "type")
        #expect(Suggestion.closest(to: "tp", in: ["type", "baud"]) == nil)
        #expect(Suggestion.closest(to: "anything", in: []) == nil)
    }
}
