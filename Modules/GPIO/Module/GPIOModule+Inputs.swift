import LooselyCoupled
import Logging

extension GPIOModule {
    /// `_edges {token, edges: [[input, level, timestamp_ns], …]}`: a batch from this module's
    /// edge reader thread, fed through debounce and click detection in order.
    ///
    /// Internal: it travels through the queue because that is how a plain thread reaches an
    /// actor in this daemon; a call without the instance's token is refused.
    func receiveEdges(_ arguments: Value) async throws(CallError) {
        guard arguments["token"]?.intValue == token, let edges = arguments["edges"]?.arrayValue else {
            throw CallError(.invalidArguments, "\(context.name)._edges is internal to the gpio module")
        }
        for edge in edges {
            guard let input = edge[0]?.intValue, inputs.indices.contains(input), let level = edge[1]?.boolValue,
                let timestamp = edge[2]?.intValue, timestamp >= 0
            else { continue }
            let actions = inputs[input].machine.edge(level: level, at: GPIOInstant(nanoseconds: UInt64(timestamp)))
            for event in actions.events { emit(event, input: inputs[input].config.name) }
        }
        reader?.handled()
        rearm()
        await flush()
    }

    /// The input named by `arguments["input"]`.
    func inputIndex(_ arguments: Value, method: String) throws(CallError) -> Int {
        guard let name = arguments["input"]?.stringValue else {
            throw CallError(.invalidArguments, "\(context.name).\(method) needs {\"input\": NAME}")
        }
        guard let index = inputs.firstIndex(where: { $0.config.name == name }) else {
            throw CallError(.invalidArguments, "\(context.name) has no input '\(name)' (inputs: \(names(inputs.map(\.config.name))))")
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
