// Public: `withLock` is inlinable, so every user of the lock gets it specialized and inlined
// (the lock and the body in the caller's code), and its mutex type is Glibc's.
#if canImport(Glibc)
    public import Glibc
#elseif canImport(Musl)
    public import Musl
#elseif canImport(Darwin)
    public import Darwin
#endif

/// A value behind a `pthread_mutex_t`, for short critical sections that tasks and plain threads
/// both enter.
///
/// The project uses this instead of `Synchronization.Mutex` because on Linux that mutex is built
/// directly on futexes, which ThreadSanitizer cannot see: every access it protects would be
/// reported as a race, and real races would hide among them. `pthread_mutex_lock` is intercepted
/// by ThreadSanitizer. The mutex is adaptive (it spins briefly before sleeping in the kernel),
/// since every critical section here is a few instructions long, and it lives in the same
/// allocation as the value.
///
/// ```swift
/// let pending = Locked([Int]())
/// pending.withLock { $0.append(1) }
/// ```
public struct Locked<Value> {
    @usableFromInline let storage: LockedStorage<Value>

    /// Protects `value`.
    public init(_ value: Value) {
        storage = LockedStorage.make(value)
    }

    /// Runs `body` with exclusive access to the value. Keep it short; never `await` or block in it.
    @inlinable
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try storage.withLock(body)
    }
}

// Safe to share when the value is: it is only read or written inside `withLock`, under the
// mutex. A lock does not make a non-Sendable value (a line handle, a C pointer) safe to use
// from another thread, so a `Locked` of one is not Sendable either.
extension Locked: @unchecked Sendable where Value: Sendable {}

/// The value as a buffer's header and the mutex as its one element: one allocation for both.
@usableFromInline
final class LockedStorage<Value>: ManagedBuffer<Value, pthread_mutex_t> {
    @usableFromInline
    static func make(_ value: Value) -> LockedStorage<Value> {
        let buffer = create(minimumCapacity: 1) { _ in value }
        let storage = unsafeDowncast(buffer, to: LockedStorage<Value>.self)
        storage.withUnsafeMutablePointerToElements { mutex in
            var attributes = pthread_mutexattr_t()
            pthread_mutexattr_init(&attributes)
            #if canImport(Glibc)
                pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
            #endif
            mutex.initialize(to: pthread_mutex_t())
            pthread_mutex_init(mutex, &attributes)
            pthread_mutexattr_destroy(&attributes)
        }
        return storage
    }

    deinit {
        _ = withUnsafeMutablePointerToElements { pthread_mutex_destroy($0) }
    }

    @inlinable
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        try withUnsafeMutablePointers { value, mutex in
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return try body(&value.pointee)
        }
    }
}
