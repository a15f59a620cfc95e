import LooselyCoupled
import LooselyCoupledTestKit
import Testing

@Suite struct SetOnceTests {
    @Test("every waiter, before and after, gets the first value; later sets change nothing")
    func firstValueWins() async throws {
        let once = SetOnce<Int>()
        #expect(once.current == nil)
        let early = (0..<8).map { _ in Task { await once.value } }
        // Set from a plain thread, as the dispatcher and kernel-facing threads do.
        let first = try await onPlainThread { once.set(1) }
        #expect(first)
        #expect(once.set(2) == false)
        for waiter in early { #expect(await waiter.value == 1) }
        #expect(await once.value == 1)
        #expect(once.current == 1)
    }
}
