import LooselyCoupled
import Testing

@testable import LooselyCoupledGPIO

@Suite("gpio module: config")
struct GPIOModuleSchemaTests {
    @Test("the issue's example is valid; defaults fill in what it leaves out")
    func example() throws {
        let config = try gpioConfig(
            """
            chip: gpiochip0
            backend: hardware
            inputs:
              doorbell:
                line: GPIO17
                bias: pull-up
                active_low: true
                debounce: 10ms
                glitch_filter: 2ms
                click: { max_press: 400ms, double_click_gap: 300ms, long_press: 800ms,
                         hold_delay: 1s, hold_repeat: 250ms }
            outputs:
              porch:
                line: 27
                active_low: false
                initial: off
                on_exit: off
            rhythms:
              alarm: { on: 100ms, off: 100ms }
            """)
        let typed = try GPIOConfiguration(config)
        #expect(typed.inputs[0].line == .name("GPIO17"))
        #expect(typed.inputs[0].button == ButtonStateMachine.Configuration(glitchFilter: .milliseconds(2)))
        #expect(typed.outputs[0].line == .offset(27))
        #expect(typed.outputs[0].initial == .off && typed.outputs[0].onExit == .off)
        #expect(typed.rhythms["alarm"] == Rhythm(on: .milliseconds(100), off: .milliseconds(100)))
        #expect(typed.rhythms["fast"] == Rhythm(on: .milliseconds(800), off: .milliseconds(800)))
        #expect(GPIOModule.problems(in: config).isEmpty)

        let minimal = try GPIOConfiguration(
            try gpioConfig("inputs:\n  b: {line: 4, click: {long_press: 0, hold_repeat: 0}}\n"))
        #expect(
            minimal.chip == "gpiochip0" && minimal.backend == .hardware
                && minimal.stateDirectory == "/var/lib/looselycoupled")
        #expect(minimal.inputs[0].bias == .asIs && minimal.inputs[0].debounce == .milliseconds(10))
        #expect(minimal.inputs[0].button.longPress == nil && minimal.inputs[0].button.holdRepeat == nil)
        #expect(minimal.inputs[0].button.holdDelay == .seconds(1))
    }

    @Test(
        "unknown keys, bad choices and missing lines are config errors",
        arguments: [
            "inputs:\n  b: {line: 4, pull: up}\n", "inputs:\n  b: {line: 4, bias: up}\n",
            "outputs:\n  l: {initial: on}\n",
            "outputs:\n  l: {line: 4, initial: dim}\n", "backend: fake\n", "rhythms:\n  r: {on: 1s}\n",
            "_state_dir: /tmp\n",
        ])
    func invalid(_ yaml: String) {
        #expect(throws: ConfigErrors.self) { try gpioConfig(yaml) }
    }

    @Test("rhythms need durations from 1ms to 24h and names that are not states; a line is used once")
    func problems() throws {
        let config = try gpioConfig(
            """
            inputs:
              a: {line: 17}
            outputs:
              b: {line: 17}
              c: {line: GPIO17}
            rhythms:
              on: {on: 1s, off: 1s}
              blip: {on: 0, off: 1s}
              buzz: {on: 1ns, off: 25h}
            """)
        let found = GPIOModule.problems(in: config)
        #expect(
            found.map(\.path.description) == [
                "rhythms.blip.on", "rhythms.buzz.on", "rhythms.buzz.off", "rhythms.on", "outputs.b.line",
            ])
        #expect(
            found.map(\.message) == [
                "expected a duration from 1ms to 24h", "expected a duration from 1ms to 24h",
                "expected a duration from 1ms to 24h",
                "'on' is a state of `set`; give the rhythm another name", "line 17 is already used by input 'a'",
            ])
    }

    @Test(
        "input timings have bounds: a hold repeat of a nanosecond, or a debounce of an hour, is refused with its path")
    func inputTimingsAreBounded() throws {
        let config = try gpioConfig(
            """
            inputs:
              a: {line: 17, debounce: 1h, click: {hold_repeat: 1ns}}
              b: {line: 18, glitch_filter: 2s, click: {max_press: 2h, long_press: 0, hold_repeat: 0}}
            """)
        let found = GPIOModule.problems(in: config)
        #expect(
            found.map(\.path.description) == [
                "inputs.a.debounce", "inputs.a.click.hold_repeat", "inputs.b.glitch_filter", "inputs.b.click.max_press",
            ])
        #expect(
            found.map(\.message) == [
                "expected a duration from 0 to 10s", "expected a duration 0 (once) or from 10ms to 1h",
                "expected a duration from 0 to 1s",
                "expected a duration from 1ms to 1h",
            ])
    }

    @Test("two names that differ only in Unicode normalisation are refused, not merged")
    func lookAlikeNamesAreRefused() throws {
        let config = try gpioConfig("outputs:\n  \"\u{E9}\": {line: 17}\n  \"e\u{301}\": {line: 18}\n")
        let found = GPIOModule.problems(in: config)
        #expect(found.count == 1)
        #expect(found.first?.message.contains("only in how its accents are encoded") == true)
    }
}
