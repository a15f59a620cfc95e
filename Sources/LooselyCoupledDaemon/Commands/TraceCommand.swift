import ArgumentParser
import LooselyCoupled
import LooselyCoupledPOSIX

/// `looselycoupled trace RULE [--json]`: a controller rule's last runs.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Show a controller rule's last runs: trigger, conditions, steps and outcome.",
        discussion: """
            RULE is MODULE.RULE (automations.porch_on_doorbell), or just the rule's name when \
            one controller module has a rule of that name. Prints the last 10 runs, oldest \
            first: when and why each started, each condition with whether it held, each step \
            with its time and result or error, and how the run ended. With --json, the traces \
            as the controller's `trace` method returns them.
            """)

    @Argument(help: ArgumentHelp("The rule.", valueName: "rule"))
    var rule: String

    @Flag(help: "Print the traces as JSON.")
    var json = false

    @OptionGroup var wait: TimeoutOption

    @OptionGroup var controlSocket: ControlSocketOption

    func run() throws {
        let found = try controlSocket.withClient { client throws(ControlClient.Failure) in
            try Self.traces(of: rule, timeout: wait.timeout, &client)
        }
        switch found {
        case .failure(let error):
            StandardStream.error("looselycoupled: \(error.message)\n")
            throw ExitCode.failure
        case .success(let (module, name, traces)):
            StandardStream.out(json ? traces.json + "\n" : Self.text("\(module).\(name)", traces.arrayValue ?? []))
        }
    }

    /// The controller module and rule `rule` names, and its traces; or why there are none.
    private static func traces(of rule: String, timeout: Double, _ client: inout ControlClient)
        throws(ControlClient.Failure) -> Result<(String, String, Value), TraceError>
    {
        let status = try client.request(["op": "status"])
        let controllers = (status["result"]?["modules"]?.arrayValue ?? []).compactMap { module -> String? in
            module["type"] == "controller" ? module["name"]?.stringValue : nil
        }
        guard !controllers.isEmpty else { return .failure(TraceError("the daemon runs no controller module")) }
        var candidates: [(module: String, rule: String)] = []
        for module in controllers {
            if rule.hasPrefix(module + "."), rule.utf8.count > module.utf8.count + 1 {
                candidates.append((module, String(rule.dropFirst(module.count + 1))))
            }
        }
        if candidates.isEmpty {
            var known: [(module: String, rule: String)] = []
            for module in controllers {
                let listed = try call("\(module).list", [:], timeout: timeout, &client)
                let rules = (listed.result?.arrayValue ?? []).compactMap { $0["rule"]?.stringValue }
                known += rules.map { (module, $0) }
                if rules.contains(where: { $0.hasSameCodePoints(as: rule) }) { candidates.append((module, rule)) }
            }
            guard candidates.count == 1, let only = candidates.first else {
                if candidates.isEmpty {
                    let near = Suggestion.closest(to: rule, in: known.map(\.rule))
                    let hint = known.first { $0.rule == near }.map { "; did you mean '\($0.module).\($0.rule)'?" } ?? ""
                    return .failure(TraceError("no rule '\(rule.escapingControlCharacters())'\(hint)"))
                }
                let both = candidates.map { "\($0.module).\($0.rule)" }.joined(separator: ", ")
                return .failure(TraceError("more than one controller has a rule '\(rule)': name one of \(both)"))
            }
            candidates = [only]
        }
        let (module, name) = candidates[0]
        let reply = try call("\(module).trace", ["rule": .string(name)], timeout: timeout, &client)
        guard let traces = reply.result else {
            return .failure(TraceError(reply.error?["message"]?.stringValue ?? "the daemon sent no trace"))
        }
        return .success((module, name, traces))
    }

    private static func call(
        _ target: String, _ arguments: Value.Object, timeout: Double, _ client: inout ControlClient
    ) throws(ControlClient.Failure) -> (result: Value?, error: Value?) {
        let reply = try client.request([
            "op": "call", "target": .string(target), "args": .object(arguments), "timeout": .double(timeout),
        ])
        return (reply["result"], reply["error"])
    }

    struct TraceError: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    /// The traces as text, a block per run:
    ///
    /// ```text
    /// 2026-12-01T18:30:02.120+01:00  event gpio_click  →  done
    ///   if[0]  state panel.porch is "off"  holds
    ///   do[0]  set panel.porch "on"  18:30:02.121  {"state":"on"}
    /// ```
    static func text(_ rule: String, _ traces: [Value]) -> String {
        guard !traces.isEmpty else { return "\(rule) has not run since the daemon started\n" }
        var lines: [String] = []
        for trace in traces {
            let outcome = trace["outcome"]?.stringValue ?? "?"
            lines.append(
                "\(trace["started"]?.stringValue ?? "?")  \(trace["trigger"]?.stringValue ?? "?")  →  \(outcome)")
            for condition in trace["conditions"]?.arrayValue ?? [] {
                let index = condition["condition"]?.intValue.map(String.init) ?? "?"
                let holds = condition["holds"] == true ? "holds" : "does not hold"
                lines.append("  if[\(index)]  \(condition["test"]?.stringValue ?? "")  \(holds)")
            }
            for step in trace["steps"]?.arrayValue ?? [] {
                let time = step["at"]?.stringValue.map(clockTime) ?? "?"
                let result = step["error"].map { "error: \($0.stringValue ?? $0.json)" } ?? step["result"]?.json ?? ""
                lines.append(
                    "  \(step["step"]?.stringValue ?? "?")  \(step["action"]?.stringValue ?? "")  \(time)  \(result)")
            }
            if let error = trace["error"]?.stringValue { lines.append("  error: \(error)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `18:30:02.121` of an RFC 3339 time.
    private static func clockTime(_ rfc3339: String) -> String {
        guard let t = rfc3339.firstIndex(of: "T") else { return rfc3339 }
        let rest = rfc3339[rfc3339.index(after: t)...]
        let end = rest.firstIndex { $0 == "+" || $0 == "-" || $0 == "Z" } ?? rest.endIndex
        return String(rest[..<end])
    }
}
