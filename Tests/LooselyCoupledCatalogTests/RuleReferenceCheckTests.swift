import LooselyCoupled
import LooselyCoupledCatalog
import Testing

/// `looselycoupled check` verifies a controller's rules against what the other modules of the
/// config declare from their config alone: each problem at its file, line and column, with its
/// key path and a "did you mean".
@Suite("rules checked against the config's modules")
struct RuleReferenceCheckTests {
    /// A gpio panel, a timer and a controller whose one rule `r` ends in the steps `steps`
    /// (each indented as a list item under `do:`, from line 18).
    static func config(when trigger: String = "- event: go", if condition: String? = nil, do steps: String)
        -> String
    {
        """
        modules:
          panel:
            type: gpio
            backend: simulated
            inputs:
              doorbell: {line: 17}
            outputs:
              porch: {line: 27}
              lamp: {line: 22, as: light}
          clock:
            type: timer
            timers:
              tick: {every: 1s}
          automations:
            type: controller
            rules:
              r:
                when:
                  \(trigger)
                if:
                  \(condition ?? "- not: []")
                do:
                  \(steps)
              other:
                when: [{event: never}]
                do: [{delay: 1s}]

        """
    }

    /// The one line `check` prints for `yaml`, or what went wrong.
    static func problems(_ yaml: String) -> String {
        do {
            _ = try ModuleCatalog.builtIn.parse(yaml, file: "rules.yaml")
            return "(no problem)"
        } catch {
            return error.description
        }
    }

    static let step = "modules.automations.rules.r.do[0]"

    @Test(
        "a call or enqueue to a module not in the config, or to a method its type has not",
        arguments: [
            (
                "- call: pannel.blink",
                "23:19: \(step).call: no module 'pannel' in the config; did you mean 'panel'?"
            ),
            (
                "- call: panel.blinc",
                "23:19: \(step).call: module 'panel' (gpio) has no method 'blinc'; did you mean 'blink'?"
            ),
            (
                "- enqueue: clock.frobnicate",
                "23:22: \(step).enqueue: module 'clock' (timer) has no method 'frobnicate'; its methods: start, stop, list"
            ),
            (
                "- call: automations.rn",
                "23:19: \(step).call: module 'automations' (controller) has no method 'rn'; did you mean 'run'?"
            ),
        ])
    func calls(step yaml: String, expected: String) {
        #expect(Self.problems(Self.config(do: yaml)) == "rules.yaml:\(expected)")
    }

    @Test(
        "a set on an entity that will not exist or cannot be set, or with a state its kind does not take",
        arguments: [
            (
                "- {set: panel.prch, state: 'on'}",
                "23:19: \(step).set: module 'panel' (gpio) has no entity 'prch'; did you mean 'panel.porch'?"
            ),
            (
                "- {set: lights.porch, state: 'on'}",
                "23:19: \(step).set: no module 'lights' in the config"
            ),
            (
                "- {set: panel.doorbell, state: 'on'}",
                "23:19: \(step).set: panel.doorbell is a binary_sensor, which cannot be set"
            ),
            (
                "- {set: panel.porch, state: onn}",
                "23:39: \(step).state: panel.porch is a switch: its state is on, off or toggle; got 'onn'; did you mean 'on'?"
            ),
            (
                "- {set: panel.lamp, state: 'on', attributes: {effect: fst}}",
                "23:65: \(step).attributes.effect: panel.lamp is a light: its effects are fast, normal, slow, very_fast, very_slow, blink; got 'fst'; did you mean 'fast'?"
            ),
            (
                "- {set: clock.tick, state: '{{event.payload.state}}'}",
                "23:19: \(step).set: clock.tick is an event, which cannot be set"
            ),
            (
                "- {set: automations.othr, state: 'off'}",
                "23:19: \(step).set: module 'automations' (controller) has no entity 'othr'; did you mean 'automations.other'?"
            ),
        ])
    func sets(step yaml: String, expected: String) {
        #expect(Self.problems(Self.config(do: yaml)) == "rules.yaml:\(expected)")
    }

    @Test("a state trigger or condition on an entity that will not exist")
    func stateReferences() {
        #expect(
            Self.problems(Self.config(when: "- {state: panel.doorbel, to: 'on'}", do: "- delay: 1s"))
                == "rules.yaml:19:21: modules.automations.rules.r.when[0].state: module 'panel' (gpio) has no entity 'doorbel'; did you mean 'panel.doorbell'?"
        )
        #expect(
            Self.problems(Self.config(if: "- {state: pannel.porch, is: 'off'}", do: "- delay: 1s"))
                == "rules.yaml:21:21: modules.automations.rules.r.if[0].state: no module 'pannel' in the config; did you mean 'panel'?"
        )
        #expect(
            Self.problems(Self.config(if: "- any: [{state: panel.porch_x, is: 'off'}]", do: "- delay: 1s"))
                == "rules.yaml:21:27: modules.automations.rules.r.if[0].any[0].state: module 'panel' (gpio) has no entity 'porch_x'; did you mean 'panel.porch'?"
        )
    }

    @Test("a template that reads an entity that will not exist")
    func templateStates() {
        #expect(
            Self.problems(
                Self.config(do: "- {trigger: announce, payload: {text: 'porch {{states.panel.prch.state}}'}}"))
                == "rules.yaml:23:49: \(Self.step).payload.text: module 'panel' (gpio) has no entity 'prch'; did you mean 'panel.porch'?"
        )
    }

    @Test(
        "a malformed duration, time, regex or template",
        arguments: [
            (
                Self.config(do: "- delay: 5 minutes"),
                "23:20: \(step).delay: expected a duration such as 500ms, 2s or 5min, at most 366 days, got \"5 minutes\""
            ),
            (
                Self.config(when: "- at: '25:00'", do: "- delay: 1s"),
                "19:17: modules.automations.rules.r.when[0].at: expected a time of day such as 07:30, got \"25:00\""
            ),
            (
                Self.config(
                    if: "- time: {after: '18:00', before: 7pm}", do: "- delay: 1s"),
                "21:44: modules.automations.rules.r.if[0].time.before: expected a time of day such as 18:00, got \"7pm\""
            ),
            (
                Self.config(when: "- {event: gpio_click, match: {input: {regex: '(door'}}}", do: "- delay: 1s"),
                "19:56: modules.automations.rules.r.when[0].match.input.regex: not a regular expression: expected ')'"
            ),
            (
                Self.config(do: "- {trigger: announce, payload: {text: '{{event.payload.input pressed'}}"),
                "23:49: \(step).payload.text: an unclosed {{ in \"{{event.payload.input pressed\""
            ),
        ])
    func malformed(yaml: String, expected: String) {
        let found = Self.problems(yaml)
        #expect(found.hasPrefix("rules.yaml:\(expected)"), "\(found)")
        #expect(!found.contains("\n"), "one problem, one line: \(found)")
    }

    @Test("references that will hold pass: own rules, templated states, methods of every type, disabled modules")
    func sound() {
        let steps = """
            - {set: automations.other, state: 'off'}
                      - {set: panel.porch, state: '{{event.payload.state}}'}
                      - {set: panel.lamp, state: fast}
                      - {call: panel.blink, args: {output: porch, on: 100ms, off: 100ms, count: 3}}
                      - {enqueue: clock.start, args: {timer: tick}, priority: high}
                      - {call: spare.set, args: {output: x, state: 'on'}}
                      - {set: spare.x, state: toggle}
            """
        let yaml =
            Self.config(
                when: "- {state: panel.doorbell, to: 'on', for: 2s}", if: "- {state: panel.porch, is: 'off'}", do: steps
            )
            + "  spare:\n    type: gpio\n    enabled: false\n    backend: simulated\n    outputs:\n      x: {line: 5}\n"
        #expect(Self.problems(yaml) == "(no problem)")
    }

    @Test("a module whose own config has problems is not checked against, only reported")
    func brokenTarget() {
        let yaml = Self.config(do: "- {set: clock.tick, state: 'on'}")
            .replacing("tick: {every: 1s}", with: "tick: {every: 0}")
        let found = Self.problems(yaml)
        #expect(found.hasPrefix("rules.yaml:13:"), "\(found)")
        #expect(!found.contains("\n"), "\(found)")
    }
}
