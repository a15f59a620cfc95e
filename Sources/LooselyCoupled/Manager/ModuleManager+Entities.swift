/// Entities (DESIGN §2b): what `looselycoupled states` lists and `looselycoupled set` changes.
extension ModuleManager {
    /// Every entity whose id `pattern` matches (`panel.*`; all without one), in config order,
    /// each with its state: `unavailable` while its module is not running.
    ///
    /// - Throws: `invalid_arguments` for a pattern longer than 256 bytes or with control characters.
    public func states(matching pattern: String? = nil) throws(CallError) -> [EntitySnapshot] {
        var glob: GlobPattern?
        if let pattern {
            guard pattern.utf8.count <= 256, !pattern.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
                throw CallError(
                    .invalidArguments, "an entity pattern is at most 256 bytes, without control characters")
            }
            glob = GlobPattern(pattern)
        }
        return runtime.entities.snapshot(matching: glob) { module in
            runtime.host(named: module)?.state.isReceiving ?? false
        }
    }

    /// Sends a command to entity `id` (`set panel.porch on`): checked against the entity's kind,
    /// then carried out by its module, whose answer it returns.
    ///
    /// - Throws: `unknown_entity` (with "did you mean"), `read_only_entity`, `invalid_state`,
    ///   `module_not_ready` while the module is not running, or the module's own error.
    public func setEntity(_ id: String, to state: Value, attributes: Value.Object = [:]) async throws(CallError)
        -> Value
    {
        try await runtime.setEntity(id, to: state, attributes: attributes)
    }

    /// ``setEntity(_:to:attributes:)`` from a plain thread, blocking until the module's answer or
    /// `timeout`; from inside Swift concurrency it throws `blocking_call_in_async_context`.
    public func setEntityBlocking(
        _ id: String, to state: Value, attributes: Value.Object = [:], timeout: Duration = .seconds(5)
    ) throws(CallError) -> Value {
        try runtime.runBlocking("set \(id)", timeout: timeout) { [runtime] () async throws(CallError) -> Value in
            try await runtime.setEntity(id, to: state, attributes: attributes)
        }
    }
}
