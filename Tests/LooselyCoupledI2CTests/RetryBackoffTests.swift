import Testing

@testable import LooselyCoupledI2C

@Suite("RetryBackoff: when a failing device is tried again")
struct RetryBackoffTests {
    @Test("a fast poll backs off from a second, doubling, to a minute; a success starts over")
    func fastPoll() {
        var backoff = RetryBackoff(interval: .milliseconds(50))
        #expect((0..<8).map { _ in backoff.failed() } == [1, 2, 4, 8, 16, 32, 60, 60].map { Duration.seconds($0) })
        backoff.succeeded()
        #expect(backoff.failed() == .seconds(1))
    }

    @Test("a slow poll retries at its interval, then at most the interval")
    func slowPoll() {
        var backoff = RetryBackoff(interval: .seconds(30))
        #expect((0..<3).map { _ in backoff.failed() } == [.seconds(30), .seconds(60), .seconds(60)])
        var rare = RetryBackoff(interval: .seconds(600))
        #expect((0..<2).map { _ in rare.failed() } == [.seconds(600), .seconds(600)])
    }

    @Test("a device nothing polls is retried from a second on")
    func unpolled() {
        var backoff = RetryBackoff(interval: nil)
        #expect((0..<3).map { _ in backoff.failed() } == [.seconds(1), .seconds(2), .seconds(4)])
    }
}
