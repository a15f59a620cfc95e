#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a `pthread_mutex_t`, for short critical sections that tasks and plain threads
/// both enter.
///
/// The project uses this instead of `Synchronization.Mutex` because on Linux that mutex is built
/// directly on futexes, which ThreadSanitizer cannot see: every access it protects would be
/// reported as a race, and real races would hide among them. `pthread_mutex_lock` is intercepted
/// by ThreadSanitizer and costs the same when uncontended.
///
/// ```swift
/// let pending = Locked([Int]())
/// pending.withLock { $0.append(1) }
/// ```
public final class Locked<Value>: @unchecked Sendable {
    // Safe to share: `value` is only read or written inside `withLock`, under `mutex`.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// Protects `value`.
    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value. Keep it short; never `await` or block in it.
    @inline(__always)
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
