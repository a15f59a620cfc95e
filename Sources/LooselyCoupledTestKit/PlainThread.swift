import LooselyCoupled

/// Runs `body` on a new plain OS thread (not a Swift concurrency thread) and returns its result:
/// for tests of the thread-safe API, without blocking the cooperative pool while it runs.
@discardableResult
public func onPlainThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        do {
            _ = try OSThread.spawn(name: "test-thread") {
                continuation.resume(with: Result { try body() })
            }
        } catch {
            continuation.resume(throwing: error)
        }
    }
}
