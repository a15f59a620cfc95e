import Logging
import LooselyCoupled

/// One rule's runs: whether it is enabled, what runs and waits, and the traces of its last runs.
struct RuleState {
    var enabled = true
    var running: [Int: Task<Void, Never>] = [:]
    /// Runs waiting for the running one (`queued`), with their traces so far.
    var queue: [(request: RunRequest, trace: RunTrace)] = []
    /// Triggers ignored or dropped because of the mode.
    var skipped = 0
    var traces: [Value] = []
    var lastRun: String?
}

/// What started a run, and what its templates see.
struct RunRequest: Sendable {
    let trigger: String
    let context: Value
    let metadata: ItemMetadata?
    let depth: Int
}

/// A run's record, turned into its trace when it ends.
struct RunTrace {
    let trigger: String
    var started: String
    var conditions: [Value] = []
    private(set) var steps: [Value] = []
    /// Steps run past ``stepLimit``, counted, not kept.
    private(set) var omitted = 0

    /// The most steps a trace keeps: a long `repeat` would otherwise keep thousands.
    static let stepLimit = 200

    init(trigger: String, started: String) {
        self.trigger = trigger
        self.started = started
    }

    mutating func append(step: Value) {
        if steps.count < Self.stepLimit { steps.append(step) } else { omitted += 1 }
    }

    func value(outcome: String, error: String? = nil) -> Value {
        var trace: Value.Object = [
            "trigger": .string(trigger), "started": .string(started), "conditions": .array(conditions),
            "steps": .array(steps), "outcome": .string(outcome),
        ]
        if omitted > 0 { trace["steps_omitted"] = .int(omitted) }
        if let error { trace["error"] = .string(error) }
        return .object(trace)
    }
}

/// Why a run ended early.
struct RunFailure: Error {
    let step: String
    let message: String
}

extension ControllerModule {
    // MARK: Firing

    /// A trigger of rule `ruleIndex` fired: checks the conditions, then runs the rule as its
    /// mode says.
    func fire(_ ruleIndex: Int, trigger: String, context runContext: Value, metadata: ItemMetadata?) {
        guard isActive, states[ruleIndex].enabled else { return }
        let rule = rules[ruleIndex]
        // One deeper than the run whose step last sent something in this transaction, if a run
        // did (see `sending(_:)`); an event from elsewhere starts at 1, however many rules it fires.
        let depth = (metadata.flatMap { depths[$0.transaction] } ?? 0) + 1
        var trace = RunTrace(trigger: trigger, started: Self.stamp())
        guard depth <= Self.depthLimit else {
            context.logger.error(
                "a chain of rules triggering each other was stopped",
                metadata: ["rule": "\(rule.name)", "depth": "\(depth)"])
            record(
                ruleIndex, trace.value(outcome: "stopped", error: "rules triggered each other \(Self.depthLimit) deep"))
            return
        }
        let full = Self.templateContext(runContext, now: LocalTime.now())
        for (index, condition) in rule.conditions.enumerated() {
            let holds = self.holds(condition)
            trace.conditions.append(
                ["condition": .int(index), "test": .string(condition.description), "holds": .bool(holds)])
            guard holds else {
                record(ruleIndex, trace.value(outcome: "condition \(index) did not hold: \(condition)"))
                return
            }
        }
        admit(ruleIndex, RunRequest(trigger: trigger, context: full, metadata: metadata, depth: depth), trace: trace)
    }

    /// Starts a run of rule `ruleIndex` whose conditions held (or were skipped), as its mode
    /// says: at once, after the running one, or not at all.
    private func admit(_ ruleIndex: Int, _ request: RunRequest, trace: RunTrace) {
        let rule = rules[ruleIndex]
        switch rule.mode {
        case .single where !states[ruleIndex].running.isEmpty:
            states[ruleIndex].skipped += 1
            record(ruleIndex, trace.value(outcome: "ignored: a run is under way (single)"))
            return
        case .restart:
            for run in states[ruleIndex].running.values { run.cancel() }
        case .queued where !states[ruleIndex].running.isEmpty:
            guard states[ruleIndex].queue.count < rule.max else {
                states[ruleIndex].skipped += 1
                record(ruleIndex, trace.value(outcome: "dropped: \(rule.max) runs are queued"))
                return
            }
            states[ruleIndex].queue.append((request, trace))
            return
        case .parallel where states[ruleIndex].running.count >= rule.max:
            states[ruleIndex].skipped += 1
            record(ruleIndex, trace.value(outcome: "dropped: \(rule.max) runs at once (parallel)"))
            return
        default:
            break
        }
        start(ruleIndex, request, trace: trace)
    }

    private func start(_ ruleIndex: Int, _ request: RunRequest, trace: RunTrace) {
        nextID += 1
        let id = nextID
        states[ruleIndex].lastRun = trace.started
        states[ruleIndex].running[id] = Task {
            await self.execute(ruleIndex, id, request, trace: trace)
        }
    }

    private func execute(_ ruleIndex: Int, _ id: Int, _ request: RunRequest, trace: RunTrace) async {
        var trace = trace
        let outcome: Value
        // What the run sends carries its trigger's transaction, or one of its own (a clock, `run`).
        let metadata =
            request.metadata
            ?? ItemMetadata(
                transaction: .next(), priority: .normal, source: context.name, enqueuedAt: MonotonicClock.now(),
                sequence: 0)
        let carried = RunRequest(
            trigger: request.trigger, context: request.context, metadata: metadata, depth: request.depth)
        do {
            try await CurrentItem.carrying(CurrentItem(metadata: metadata)) {
                try await self.perform(self.rules[ruleIndex].actions, carried, &trace, path: "do")
            }
            outcome = trace.value(outcome: "done")
        } catch let failure as RunFailure {
            context.logger.error(
                "a rule's step failed; the run ends",
                metadata: [
                    "rule": "\(rules[ruleIndex].name)", "step": "\(failure.step)", "error": "\(failure.message)",
                ])
            outcome = trace.value(outcome: "failed", error: "\(failure.step): \(failure.message)")
        } catch {
            outcome = trace.value(outcome: "cancelled")
        }
        record(ruleIndex, outcome)
        states[ruleIndex].running[id] = nil
        if rules[ruleIndex].mode == .queued, states[ruleIndex].running.isEmpty, !states[ruleIndex].queue.isEmpty {
            // Its trace keeps the conditions checked when it was triggered, and starts now.
            var (next, trace) = states[ruleIndex].queue.removeFirst()
            trace.started = Self.stamp()
            start(ruleIndex, next, trace: trace)
        }
    }

    /// Keeps `trace` as the rule's latest, and announces it as `controller_run {module, rule,
    /// outcome}`, which dashboards and tests can wait for.
    private func record(_ ruleIndex: Int, _ trace: Value) {
        states[ruleIndex].traces.append(trace)
        if states[ruleIndex].traces.count > Self.traceLimit { states[ruleIndex].traces.removeFirst() }
        let payload: Value = [
            "module": .string(context.name), "rule": .string(rules[ruleIndex].name),
            "outcome": trace["outcome"] ?? .null,
        ]
        nextID += 1
        let order = nextID
        announcements.append((order, payload))
        Task { await self.announce() }
    }

    /// Sends the queued `controller_run` events, oldest first.
    private func announce() async {
        guard !isAnnouncing else { return }
        isAnnouncing = true
        defer { isAnnouncing = false }
        while !announcements.isEmpty {
            let (_, payload) = announcements.removeFirst()
            guard isActive else { continue }
            try? await context.trigger(Self.runEvent, payload)
        }
    }

    // MARK: Steps

    private func perform(_ actions: [Action], _ request: RunRequest, _ trace: inout RunTrace, path: String)
        async throws
    {
        for (index, action) in actions.enumerated() {
            try Task.checkCancellation()
            let step = "\(path)[\(index)]"
            var record: Value.Object = ["step": .string(step), "action": .string(action.summary)]
            do {
                record["result"] = try await perform(action, request, &trace, step: step)
                record["at"] = .string(Self.stamp())
                trace.append(step: .object(record))
            } catch let failure as RunFailure where failure.step == step {
                record["at"] = .string(Self.stamp())
                record["error"] = .string(failure.message)
                trace.append(step: .object(record))
                throw failure
            }
        }
    }

    private func perform(_ action: Action, _ request: RunRequest, _ trace: inout RunTrace, step: String) async throws
        -> Value
    {
        func render(_ value: Value) throws -> Value {
            do {
                return try value.rendered(request.context) { id in self.context.entity(id)?.value }
            } catch {
                throw RunFailure(step: step, message: error.message)
            }
        }
        func failing<T>(_ body: () async throws(CallError) -> T) async throws -> T {
            do {
                return try await body()
            } catch {
                throw RunFailure(step: step, message: "\(error)")
            }
        }
        switch action {
        case .set(let entity, let state, let attributes):
            let rendered = try render(state)
            let extra = try render(attributes).objectValue ?? [:]
            sending(request)
            return try await failing { () async throws(CallError) -> Value in
                try await context.setEntity(entity, to: rendered, attributes: extra)
            }
        case .call(let target, let arguments):
            let rendered = try render(arguments)
            sending(request)
            return try await failing { () async throws(CallError) -> Value in
                try await context.call(target, rendered)
            }
        case .enqueue(let target, let arguments, let priority):
            let rendered = try render(arguments)
            sending(request)
            _ = try await failing { () async throws(CallError) -> QueuedCall in
                try await context.enqueue(target, rendered, priority: priority)
            }
            return "queued"
        case .trigger(let event, let payload):
            let rendered = try render(payload)
            let transaction = request.metadata?.transaction ?? .next()
            sending(request)
            try await failing { () async throws(CallError) in try await context.trigger(event, rendered) }
            // This module's own rules hear it too (the queue never brings a module its own events),
            // one deeper than this run: noted again, since another run of the transaction may have
            // sent something while this one waited, and `handle` starts them without suspending.
            sending(request)
            let metadata = ItemMetadata(
                transaction: transaction, priority: .normal, source: context.name, enqueuedAt: MonotonicClock.now(),
                sequence: 0)
            handle(event, rendered, metadata: metadata)
            return .null
        case .delay(let duration):
            try await Task.sleep(for: duration)
            return .null
        case .wait(let event, let match, let timeout):
            return try await wait(for: event, match: match, timeout: timeout) ?? "timed out"
        case .choose(let conditions, let then, let otherwise):
            let holds = conditions.allSatisfy(holds)
            try await perform(holds ? then : otherwise, request, &trace, path: step + (holds ? ".then" : ".else"))
            return .bool(holds)
        case .repeatCount(let count, let steps):
            for round in 0..<count { try await perform(steps, request, &trace, path: "\(step).do#\(round)") }
            return .int(count)
        case .repeatWhile(let conditions, let steps):
            var rounds = 0
            while conditions.allSatisfy(holds) {
                try Self.checkRounds(rounds, step: step)
                try await perform(steps, request, &trace, path: "\(step).do#\(rounds)")
                rounds += 1
            }
            return .int(rounds)
        case .repeatUntil(let conditions, let steps):
            var rounds = 0
            repeat {
                try Self.checkRounds(rounds, step: step)
                try await perform(steps, request, &trace, path: "\(step).do#\(rounds)")
                rounds += 1
            } while !conditions.allSatisfy(holds)
            return .int(rounds)
        }
    }

    /// The most rounds a `repeat` with `while` or `until` runs: one that is still going then is
    /// taken for a condition that can never change, and ends its run with an error.
    static let roundLimit = 10_000

    private static func checkRounds(_ rounds: Int, step: String) throws(RunFailure) {
        guard rounds < roundLimit else {
            throw RunFailure(
                step: step, message: "the condition still held after \(roundLimit) rounds; the repeat stops")
        }
    }

    /// Notes that run `request` is about to send something (an entity command, a call, an
    /// event): whatever comes of it in the run's transaction (a `state_changed`, another module's
    /// event, this module's own rules) starts its runs one deeper, so a loop of rules is seen and
    /// stopped, through entities and other modules as well as through `trigger`.
    ///
    /// The depth is the sending run's own, not the deepest the transaction ever reached: one run
    /// that triggers an event forty times starts forty runs at its depth + 1, no chain.
    private func sending(_ request: RunRequest) {
        guard let transaction = request.metadata?.transaction else { return }
        if depths.count >= 4096 { depths.removeAll(keepingCapacity: true) }
        depths[transaction] = request.depth
    }

    /// The payload of the next event `pattern` matches and `match` passes, or `nil` at `timeout`.
    private func wait(for pattern: String, match: PayloadMatch, timeout: Duration?) async throws -> Value? {
        nextID += 1
        let id = nextID
        let timer = timeout.map { timeout in
            Task {
                try? await Task.sleep(for: timeout)
                self.endWait(id)
            }
        }
        defer { timer?.cancel() }
        let payload = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                waiters[id] = Waiter(pattern: GlobPattern(pattern), match: match, continuation: continuation)
            }
        } onCancel: {
            Task { await self.endWait(id) }
        }
        try Task.checkCancellation()
        return payload
    }

    private func endWait(_ id: Int) {
        waiters.removeValue(forKey: id)?.continuation.resume(returning: nil)
    }

    // MARK: Conditions

    func holds(_ condition: Condition) -> Bool {
        switch condition {
        case .state(let entity, let expected):
            guard let state = context.entity(entity)?.state else { return false }
            return Matcher.same(state, expected)
        case .time(let after, let before, let weekdays):
            let (seconds, weekday) = LocalTime.clock(at: LocalTime.now())
            if !weekdays.isEmpty && !weekdays.contains(weekday) { return false }
            switch (after, before) {
            case (let after?, let before?) where after <= before: return seconds >= after && seconds < before
            case (let after?, let before?): return seconds >= after || seconds < before
            case (let after?, nil): return seconds >= after
            case (nil, let before?): return seconds < before
            case (nil, nil): return true
            }
        case .all(let conditions): return conditions.allSatisfy(holds)
        case .any(let conditions): return conditions.contains(where: holds)
        case .not(let conditions): return !conditions.contains(where: holds)
        }
    }

    /// What a run's templates see: its trigger's `event` (and `trigger`), and `now`.
    static func templateContext(_ runContext: Value, now wall: Int64) -> Value {
        var context = runContext.objectValue ?? [:]
        let (seconds, weekday) = LocalTime.clock(at: wall)
        context["now"] = [
            "hour": .int(seconds / 3600), "minute": .int(seconds / 60 % 60), "second": .int(seconds % 60),
            "weekday": .int(weekday), "time": .string(LocalTime.rfc3339(wall)),
        ]
        return .object(context)
    }

    // MARK: Methods

    private func rule(named name: String) throws(CallError) -> Int {
        guard let index = rules.firstIndex(where: { $0.name.hasSameCodePoints(as: name) }) else {
            let hint = Suggestion.didYouMean(name, in: rules.map(\.name)).map { "; \($0)" } ?? ""
            throw CallError(.invalidArguments, "\(context.name) has no rule '\(name)'\(hint)")
        }
        return index
    }

    func runNow(_ name: String) throws(CallError) -> Value {
        let index = try rule(named: name)
        let request = RunRequest(
            trigger: "run", context: Self.templateContext([:], now: LocalTime.now()), metadata: nil, depth: 1)
        admit(index, request, trace: RunTrace(trigger: "run", started: Self.stamp()))
        return ["rule": .string(name), "started": true]
    }

    func setEnabled(_ name: String, _ enabled: Bool) async throws(CallError) -> Value {
        let index = try rule(named: name)
        states[index].enabled = enabled
        if !enabled {
            for run in states[index].running.values { run.cancel() }
            states[index].queue = []
        }
        try await context.setState(Entity.key(for: name), enabled ? "on" : "off")
        return describe(index)
    }

    func list() -> Value {
        .array(rules.indices.map(describe))
    }

    func trace(_ name: String) throws(CallError) -> Value {
        .array(states[try rule(named: name)].traces)
    }

    private func describe(_ index: Int) -> Value {
        let state = states[index]
        return [
            "rule": .string(rules[index].name), "enabled": .bool(state.enabled),
            "mode": .string(rules[index].mode.rawValue),
            "running": .int(state.running.count), "queued": .int(state.queue.count), "skipped": .int(state.skipped),
            "last_run": state.lastRun.map(Value.string) ?? .null,
        ]
    }
}
