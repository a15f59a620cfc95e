import LooselyCoupled

/// A latch tests open to let parked handlers continue.
public final class Latch: Sendable {
    private let opened = SetOnce<Bool>()

    /// A closed latch.
    public init() {}

    /// Lets every waiter, present and future, continue.
    public func open() {
        opened.set(true)
    }

    /// Returns once the latch is open.
    public func wait() async {
        _ = await opened.value
    }
}
