import Logging
import LooselyCoupled

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension GPIOModule {
    /// Has the module's thread watch input `index`'s edge descriptor: when it polls readable,
    /// the thread posts ``edgesReady(_:revents:)`` to the module's mailbox, at high priority.
    func watchEdges(_ index: Int) {
        guard inputs[index].watch == nil, let descriptor = inputs[index].handle?.edgeDescriptor, descriptor >= 0 else {
            return
        }
        let context = context
        // A full queue: the edges wait in the kernel and the thread tries again shortly.
        inputs[index].watch = thread.watch(descriptor) { revents in
            context.tryPost(to: GPIOModule.self, priority: .high) { module in
                await module.edgesReady(index, revents: revents)
            }
        }
    }

    func unwatchEdges(_ index: Int) {
        guard let watch = inputs[index].watch else { return }
        thread.unwatch(watch)
        inputs[index].watch = nil
    }

    /// Input `index`'s descriptor polled readable (`revents`): reads its pending edges and feeds
    /// them through debounce and click detection, in order, then watches it again.
    func edgesReady(_ index: Int, revents: Int16) async {
        guard inputs.indices.contains(index), inputs[index].watch != nil else { return }
        guard readEdges(index, revents: revents) else { return }
        if let watch = inputs[index].watch { thread.resume(watch) }
        rearm()
        await flush()
    }

    /// Reads and handles input `index`'s pending edges; `false` once the line can no longer be
    /// read (its chip is gone, or its descriptor failed): the module then reports a failure
    /// and is restarted, which requests the line again once the chip is back.
    @discardableResult
    func readEdges(_ index: Int, revents: Int16 = 0) -> Bool {
        guard let handle = inputs[index].handle else { return false }
        edgeBuffer.removeAll(keepingCapacity: true)
        do {
            try handle.readEdges(into: &edgeBuffer)
        } catch {
            lose(index, reason: "\(error)")
            return false
        }
        if edgeBuffer.isEmpty && revents != 0 && revents & Int16(POLLIN) == 0 {
            // POLLHUP with POLLERR: the chip is gone (the kernel says so to every new poll).
            let gone = revents & Int16(POLLHUP | POLLERR) != 0
            let reason =
                gone
                ? "the GPIO chip of line \(handle.offset) is gone (unplugged, or its driver unbound)"
                : "the event descriptor of line \(handle.offset) failed"
            lose(index, reason: reason)
            return false
        }
        buttonEvents.removeAll(keepingCapacity: true)
        for edge in edgeBuffer {
            _ = inputs[index].machine.edge(
                level: edge.level, at: GPIOInstant(nanoseconds: edge.timestampNanoseconds), into: &buttonEvents)
        }
        for event in buttonEvents { emit(event, input: inputs[index].config) }
        return true
    }

    private func lose(_ index: Int, reason: String) {
        unwatchEdges(index)
        inputs[index].handle = nil
        context.logger.error(
            "an input's line can no longer be read; the module restarts",
            metadata: ["input": "\(inputs[index].config.name)", "reason": "\(reason)"])
        // The line is requested once for the module's life: a new instance requests it
        // again, once the chip is back.
        context.reportFailure("input \(inputs[index].config.name): \(reason)")
    }

    /// The index of the input named `name`; `invalid_arguments` listing the inputs if none is.
    func inputIndex(_ name: String) throws(CallError) -> Int {
        guard let index = inputs.firstIndex(where: { $0.config.name == name }) else {
            throw CallError(
                .invalidArguments,
                "\(context.name) has no input '\(name)' (inputs: \(names(inputs.map(\.config.name))))")
        }
        return index
    }

    func describeInput(_ input: Input) -> Value {
        [
            "input": .string(input.config.name), "value": .bool(input.machine.level), "line": input.config.line.value,
            "offset": .int(input.line.offset), "line_name": .string(input.line.name), "chip": .string(chip?.name ?? ""),
            "active_low": .bool(input.config.activeLow), "bias": .string(input.config.bias.rawValue),
            "debounce": .string(input.kernelDebounce ? "kernel" : "software"),
        ]
    }

    func names(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.sorted().joined(separator: ", ")
    }
}
