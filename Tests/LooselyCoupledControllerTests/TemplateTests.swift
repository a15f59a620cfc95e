import LooselyCoupled
import Testing

@testable import LooselyCoupledController

@Suite("controller: templates substitute dotted paths and nothing more")
struct TemplateTests {
    let context: Value = [
        "event": ["name": "gpio_click", "payload": ["input": "doorbell", "count": 3]],
        "now": ["hour": 7],
    ]

    /// The entities `states.…` paths read, as the module's context gives them.
    func states(_ id: String) -> Value? {
        id == "panel.porch" ? ["entity": "panel.porch", "state": "on", "attributes": ["effect": "blink"]] : nil
    }

    @Test("a path inside text is written as text; a string that is one path keeps the value's type")
    func substitution() throws {
        #expect(try Template("{{event.payload.input}} pressed").render(context) == "doorbell pressed")
        #expect(try Template("{{ event.payload.count }}").render(context) == 3)
        #expect(
            try Template("porch is {{states.panel.porch.state}} at {{now.hour}}h").render(context, states: states)
                == "porch is on at 7h")
        #expect(
            try Template("{{states.panel.porch.attributes}}").render(context, states: states) == ["effect": "blink"])
        #expect(
            try Template("{{states.panel.porch.state}} {{states.panel.lamp.state}}").entities == [
                "panel.porch", "panel.lamp",
            ])
        #expect(try Template("no substitution").isLiteral)
        let payload: Value = ["text": "{{event.name}}!", "n": 1]
        #expect(try payload.rendered(context) == ["text": "gpio_click!", "n": 1])
    }

    @Test("a path that does not resolve is an error of the run, naming the missing part")
    func unresolved() throws {
        #expect(throws: TemplateError("{{event.payload.button}} does not resolve: there is no event.payload.button")) {
            try Template("{{event.payload.button}} pressed").render(context)
        }
        #expect(throws: TemplateError("{{states.panel.lamp.state}} does not resolve: there is no entity panel.lamp")) {
            try Template("{{states.panel.lamp.state}}").render(context, states: states)
        }
        #expect(
            throws: TemplateError(
                "{{states.panel.porch.attributes.speed}} does not resolve: there is no states.panel.porch.attributes.speed"
            )
        ) {
            try Template("{{states.panel.porch.attributes.speed}}").render(context, states: states)
        }
    }

    @Test("an unclosed {{ or a path with other characters is refused when the config is checked")
    func malformed() {
        #expect(Template.problem(in: "{{event.payload") == "an unclosed {{ in \"{{event.payload\"")
        #expect(Template.problem(in: "{{a | upper}}") != nil)
        #expect(Template.problem(in: "{{}}") != nil)
        #expect(Template.problem(in: "{{a..b}}") != nil)
        #expect(Template.problem(in: "plain {{a.b_c.d2}}") == nil)
    }
}

@Suite("controller: payload matches")
struct MatcherTests {
    @Test("a value must be equal (1 matches 1.0); in, above, below, not and regex test a field")
    func matchers() throws {
        #expect(try Matcher(1).matches(1.0))
        #expect(try !Matcher("doorbell").matches("porch"))
        #expect(try Matcher(["in": ["a", "b"]]).matches("b"))
        #expect(try Matcher(["above": 2]).matches(3) && !Matcher(["above": 2]).matches(2))
        #expect(try Matcher(["below": 2]).matches(1.5) && !Matcher(["below": 2]).matches("1"))
        #expect(try Matcher(["not": "x"]).matches(nil) && !Matcher(["not": "x"]).matches("x"))
        #expect(try Matcher(["regex": "^door"]).matches("doorbell") && !Matcher(["regex": "^door"]).matches(1))
        // An object that is no test is a value to be equal to.
        #expect(try Matcher(["room": "hall"]).matches(["room": "hall"]))
        let match = PayloadMatch(fields: [("module", try Matcher("panel")), ("count", try Matcher(["above": 1]))])
        #expect(match.matches(["module": "panel", "count": 2]))
        #expect(!match.matches(["module": "panel"]))
    }

    @Test("a regex that does not compile, or a test of the wrong type, is refused with its key")
    func badTests() {
        #expect(throws: MatcherError.self) { try Matcher(["regex": "(unclosed"]) }
        #expect(throws: MatcherError.self) { try Matcher(["above": "three"]) }
        #expect(throws: MatcherError.self) { try Matcher(["in": "a"]) }
    }
}
