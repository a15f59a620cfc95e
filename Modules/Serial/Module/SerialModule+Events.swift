import LooselyCoupled

/// Sending what the port brought, in order.
extension SerialModule {
    /// Triggers the queued events and writes the queued entity states, in order (see
    /// ``ModuleOutbox/flush(_:sending:)``); every path that queues them ends here. A module that
    /// is not active sends nothing: its events are dropped.
    ///
    /// Once the outermost flush has sent everything, the port is watched again if a read waited
    /// for that.
    func flush() async {
        await outbox.flush(context, sending: isActive)
        guard !outbox.isFlushing, readPending, let readWatch else { return }
        readPending = false
        thread.resume(readWatch)
    }
}
