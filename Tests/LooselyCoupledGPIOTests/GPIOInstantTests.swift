import LooselyCoupledGPIO
import Testing

@Suite struct GPIOInstantTests {
    @Test func addsAndSubtractsDurations() {
        let start = GPIOInstant.ms(1000)
        #expect(start + .milliseconds(300) == .ms(1300))
        #expect(start - .milliseconds(300) == .ms(700))
        #expect(start.advanced(by: .nanoseconds(1)) == .ns(1_000_000_001))
        #expect(start.duration(to: .ms(1300)) == .milliseconds(300))
        #expect(GPIOInstant.ms(1300).duration(to: start) == .milliseconds(-300))
        #expect(GPIOInstant.ms(1300) - start == .milliseconds(300))
    }

    @Test func saturatesInsteadOfTrapping() {
        let end = GPIOInstant(nanoseconds: .max)
        #expect(end + .seconds(1) == end)
        #expect(GPIOInstant.zero - .seconds(1) == .zero)
        #expect(GPIOInstant.ms(5) + .seconds(Int64.max) == end)
        #expect(GPIOInstant.zero.duration(to: end) == .nanoseconds(Int64.max))
    }

    @Test func ordersByNanoseconds() {
        #expect(GPIOInstant.ns(1) < .ns(2))
        #expect([GPIOInstant.ms(3), .ms(1), .ms(2)].sorted() == [.ms(1), .ms(2), .ms(3)])
        #expect(GPIOInstant.ms(2).description == "2000000ns")
    }

    @Test func hugeHoldTimingsNeverSpin() {
        // A hold repeat that saturates the clock must not fire forever at the end of time.
        var button = ButtonStateMachine(
            configuration: .init(
                debounce: .zero, longPress: nil, holdDelay: .seconds(Int64.max), holdRepeat: .seconds(Int64.max))
        )
        _ = button.edge(level: true, at: .ms(1))
        #expect(button.tick(at: GPIOInstant(nanoseconds: .max)).events.isEmpty)
    }
}
