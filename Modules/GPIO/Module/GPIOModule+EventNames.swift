extension GPIOModule {
    /// The events a gpio module triggers, by name, so a handler cannot misspell one:
    /// `On(GPIOModule.Events.press) { … }`. Payloads are in docs/GPIO.md.
    public enum Events {
        /// An input's debounced level changed: `{module, input, value, edge, timestamp_ns}`.
        public static let input = "gpio_input"
        /// A button went down: `{module, input}`.
        public static let press = "gpio_press"
        /// A button came up: `{module, input}`.
        public static let release = "gpio_release"
        /// One short press, once no second followed within `double_click_gap`: `{module, input}`.
        public static let click = "gpio_click"
        /// Exactly two short presses: `{module, input}`.
        public static let doubleClick = "gpio_double_click"
        /// Three or more short presses: `{module, input, count}`.
        public static let multiClick = "gpio_multi_click"
        /// A press has lasted `long_press`, while still held, once per press: `{module, input}`.
        public static let longPress = "gpio_long_press"
        /// A press has lasted `hold_delay + repeat × hold_repeat`: `{module, input, repeat}`.
        public static let hold = "gpio_hold"
        /// An output's level changed: `{module, output, value, state}`.
        public static let output = "gpio_output"
    }
}
