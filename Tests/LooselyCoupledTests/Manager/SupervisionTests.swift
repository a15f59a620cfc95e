import Testing

@testable import LooselyCoupled

/// The supervision rules without I/O or time: events in, actions out.
@Suite struct SupervisionTests {
    func supervision(required: Bool = false) -> Supervision {
        Supervision(required: required, initialDelay: .seconds(1), maximumDelay: .seconds(60))
    }

    @Test("failed starts are retried after 1 s, then twice as late each time, at most 60 s")
    func backoff() {
        var s = supervision()
        var delays: [Duration] = []
        var initial = true
        for _ in 0..<9 {
            guard case .retry(let delay) = s.handle(.startFailed(initial: initial)) else {
                Issue.record("a failed start was not retried")
                return
            }
            initial = false
            delays.append(delay)
            #expect(s.state == .waiting)
            #expect(s.handle(.retryDue) == .start)
        }
        #expect(delays == [1, 2, 4, 8, 16, 32, 60, 60, 60].map { .seconds($0) })
    }

    @Test("a successful start resets the backoff; a failure then stops the module and retries after 1 s")
    func failureAfterSuccess() {
        var s = supervision()
        _ = s.handle(.startFailed(initial: true))
        _ = s.handle(.retryDue)
        _ = s.handle(.startFailed(initial: false))
        _ = s.handle(.retryDue)
        #expect(s.handle(.startSucceeded) == .none)
        #expect(s.state == .active)
        #expect(s.handle(.failureReported) == .stopForRestart)
        // Reported again while it is being stopped: once is enough.
        #expect(s.handle(.failureReported) == .none)
        #expect(s.handle(.stoppedAfterFailure) == .retry(after: .seconds(1)))
        #expect(s.handle(.retryDue) == .start)
        #expect(s.handle(.startFailed(initial: false)) == .retry(after: .seconds(2)))
    }

    @Test("a required module whose first start fails ends the run; a later failed restart is retried")
    func required() {
        var first = supervision(required: true)
        #expect(first.handle(.startFailed(initial: true)) == .abortRun)
        #expect(first.state == .finished)

        var later = supervision(required: true)
        _ = later.handle(.startSucceeded)
        _ = later.handle(.failureReported)
        _ = later.handle(.stoppedAfterFailure)
        _ = later.handle(.retryDue)
        #expect(later.handle(.startFailed(initial: false)) == .retry(after: .seconds(2)))
    }

    @Test("after the shutdown began, nothing happens any more")
    func shutdown() {
        for prepare in [[], [.startSucceeded], [.startFailed(initial: true)], [.startSucceeded, .failureReported]]
            as [[Supervision.Event]]
        {
            var s = supervision()
            for event in prepare { _ = s.handle(event) }
            #expect(s.handle(.shutdown) == .none)
            for event in [Supervision.Event.retryDue, .startSucceeded, .failureReported, .stoppedAfterFailure] {
                #expect(s.handle(event) == .none)
            }
            #expect(s.state == .finished)
        }
    }

    @Test("events that do not fit the state change nothing")
    func outOfOrder() {
        var s = supervision()
        #expect(s.handle(.retryDue) == .none)
        #expect(s.handle(.failureReported) == .none)
        #expect(s.handle(.stoppedAfterFailure) == .none)
        #expect(s.state == .starting)
    }
}
