import Testing

@testable import LooselyCoupled

@Suite struct GlobPatternTests {
    @Test(arguments: [
        ("gpio_*", "gpio_press", true), ("gpio_*", "gpio_", true), ("gpio_*", "gpi", false),
        ("*", "anything", true), ("*_press", "gpio_press", true), ("*_press", "gpio_pressed", false),
        ("sensor_?", "sensor_1", true), ("sensor_?", "sensor_12", false),
        ("[ab]*", "alpha", true), ("[ab]*", "gamma", false), ("[!ab]*", "gamma", true),
        ("sensor_[0-9]", "sensor_7", true), ("sensor_[0-9]", "sensor_x", false),
        ("a*b*c", "aXXbYYc", true), ("a*b*c", "aXXbYY", false), ("exact", "exact", true), ("exact", "exactly", false),
        ("[unterminated", "[unterminated", true),
    ])
    func patternsMatchLikeFnmatch(pattern: String, name: String, matches: Bool) {
        #expect(GlobPattern(pattern).matches(name) == matches)
    }
}
