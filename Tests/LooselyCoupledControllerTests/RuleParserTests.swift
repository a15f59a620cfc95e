import LooselyCoupled
import Testing

@testable import LooselyCoupledController

@Suite("controller: rules read from the config, every problem at its path")
struct RuleParserTests {
    /// The issue's example rule, as YAML gives it.
    static let example: Value = [
        "rules": [
            "porch_on_doorbell": [
                "when": [
                    ["event": "gpio_click", "match": ["module": "panel", "input": "doorbell"]],
                    ["state": "panel.motion", "to": "on", "for": "2s"],
                    ["every": "10min"],
                    ["at": "07:30"],
                ],
                "if": [
                    ["state": "panel.porch", "is": "off"],
                    ["time": ["after": "18:00", "before": "07:00", "weekdays": ["mon", "tue", "wed", "thu", "fri"]]],
                ],
                "do": [
                    ["set": "panel.porch", "state": "on"],
                    ["call": "panel.blink", "args": ["output": "porch", "on": "100ms", "off": "100ms", "count": 3]],
                    ["trigger": "announce", "payload": ["text": "{{event.payload.input}} pressed"]],
                    ["delay": "5min"],
                    ["wait": ["event": "gpio_click", "match": ["input": "doorbell"], "timeout": "30s"]],
                    [
                        "if": [["state": "panel.porch", "is": "on"]], "then": [["set": "panel.porch", "state": "off"]],
                        "else": [],
                    ],
                    ["repeat": ["count": 3, "do": [["delay": "1s"]]]],
                ],
                "mode": "restart",
                "max": 10,
            ]
        ]
    ]

    @Test("the example rule reads whole: four triggers, two conditions, seven steps, restart")
    func example() throws {
        var parser = RuleParser()
        let rules = parser.rules(in: Self.example)
        #expect(parser.problems.isEmpty, "\(parser.problems)")
        let rule = try #require(rules.first)
        #expect(rule.name == "porch_on_doorbell" && rule.mode == .restart && rule.max == 10)
        #expect(rule.triggers.count == 4 && rule.conditions.count == 2 && rule.actions.count == 7)
        guard case .state(let entity, nil, let to, let lasting) = rule.triggers[1] else {
            Issue.record("expected a state trigger")
            return
        }
        #expect(entity == "panel.motion" && to == "on" && lasting == .seconds(2))
        guard case .at(let times) = rule.triggers[3], case .time(let after, let before, let days) = rule.conditions[1]
        else {
            Issue.record("expected an at trigger and a time condition")
            return
        }
        #expect(times == [27_000] && after == 64_800 && before == 25_200 && days == [1, 2, 3, 4, 5])
    }

    @Test(
        "each problem is reported at its key path, with did-you-mean for a misspelt key",
        arguments: [
            (
                ["when": [["evnt": "x"]], "do": []] as Value, "rules.r.when[0]",
                "expected one of event, state, every, at; did you mean 'event'?"
            ),
            (["when": [["event": "x"]], "do": [["set": "panel.porch"]]], "rules.r.do[0]", "missing state"),
            (
                ["when": [["event": "x"]], "do": [["delay": "soon"]]], "rules.r.do[0].delay",
                "expected a duration such as 500ms, 2s or 5min, at most 366 days, got \"soon\""
            ),
            (
                ["when": [["event": "x", "match": ["n": ["regex": "(x"]]]], "do": []], "rules.r.when[0].match.n.regex",
                nil
            ),
            (
                ["when": [["event": "x"]], "do": [["trigger": "t", "payload": ["text": "{{a"]]]],
                "rules.r.do[0].payload.text", "an unclosed {{ in \"{{a\""
            ),
            (
                ["when": [["event": "x"]], "do": [], "mode": "sometimes"], "rules.r.mode",
                "expected one of single, restart, queued, parallel"
            ),
            (
                ["when": [["event": "x"]], "do": [], "wen": 1], "rules.r.wen",
                "unknown key (expected when, if, do, mode, max); did you mean 'when'?"
            ),
            (
                ["when": [["state": "porch"]], "do": []], "rules.r.when[0].state",
                "expected an entity id MODULE.KEY, such as panel.porch"
            ),
            (
                ["when": [["at": "25:00"]], "do": []], "rules.r.when[0].at",
                "expected a time of day such as 07:30, got \"25:00\""
            ),
            (
                ["when": [["event": "x"]], "if": [["time": ["weekdays": ["mo"]]]], "do": []],
                "rules.r.if[0].time.weekdays[0]", nil
            ),
            (
                ["when": [["event": "x"]], "do": [["repeat": ["count": 2, "while": [], "do": []]]]],
                "rules.r.do[0].repeat", "needs exactly one of count, while and until"
            ),
            (
                ["when": [["event": "x"]], "do": [["call": "blink"]]], "rules.r.do[0].call",
                "expected MODULE.METHOD, such as panel.blink"
            ),
            (
                ["when": [["event": "x"]], "do": [["delay": 5]]], "rules.r.do[0].delay",
                "expected a duration such as 500ms, 2s or 5min, at most 366 days, got 5"
            ),
            (
                ["when": [["at": 3600]], "do": []], "rules.r.when[0].at",
                "expected a time of day such as 07:30, got 3600"
            ),
            (
                ["when": [["event": "x"]], "do": [["set": "panel.porch", "state": "on", "attributes": "blink"]]],
                "rules.r.do[0].attributes", "expected a mapping of attributes, such as {effect: blink}"
            ),
        ] as [(Value, String, String?)])
    func problems(rule: Value, path: String, message: String?) {
        var parser = RuleParser()
        let rules = parser.rules(in: ["rules": ["r": rule]])
        #expect(rules.isEmpty, "a rule with a problem is left out")
        #expect(parser.problems.map(\.path.description).contains(path), "\(parser.problems)")
        if let message {
            #expect(parser.problems.first { $0.path.description == path }?.message == message)
        }
    }

    @Test("two rules whose names make one entity key are refused, naming both")
    func keyConflict() {
        var parser = RuleParser()
        let rule: Value = ["when": [["event": "x"]], "do": []]
        _ = parser.rules(in: ["rules": ["Porch Light": rule, "porch_light": rule]])
        #expect(parser.problems.map(\.path.description) == ["rules.porch_light"])
        #expect(
            parser.problems.first?.message == "its entity key 'porch_light' is also rule 'Porch Light''s; rename one")
    }
}
