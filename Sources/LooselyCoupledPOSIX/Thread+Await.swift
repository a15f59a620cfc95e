/// Runs `body` on a new OS thread named `name` and suspends, without holding a thread of the
/// Swift concurrency pool, until it returns.
///
/// - Throws: `OSThread.SpawnError` when the thread cannot be started.
package func runOnThread(name: String, _ body: @escaping @Sendable () -> Void) async throws {
    let finished = SetOnce<Void>()
    let thread = try OSThread.spawn(name: name) {
        body()
        finished.set(())
    }
    await finished.value
    // The body has returned: joining only reaps the thread.
    thread.join()
}
