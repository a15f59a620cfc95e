/// The rules of one module's supervision, as a value the manager keeps per module: what follows
/// a start, a failed start, a reported failure, the stop after it, a retry falling due, and the
/// shutdown. It does no I/O and keeps no time; the manager carries out the ``Action``s (and owns
/// the clock), so every rule is tested on its own (`SupervisionTests`).
///
/// ```
/// starting ──started──▶ active ──failure──▶ stoppingAfterFailure ──stopped──▶ waiting
///    ▲  │                                                                     │
///    │  └──failed──────────────────────────────────────────────────────────▶ │
///    └───────────────────────────────retry due───────────────────────────────┘
/// ```
///
/// Retries back off: the first after ``initialDelay``, each next one twice as late, at most
/// ``maximumDelay``; a successful start resets it. A `required` module whose first start fails
/// ends the run instead. After the shutdown began, nothing happens any more.
struct Supervision: Sendable, Equatable {
    enum State: Sendable, Equatable {
        /// The first start, or a retry, is under way.
        case starting
        /// Started (and active once the manager runs).
        case active
        /// Stopped after a failure it reported, or being stopped.
        case stoppingAfterFailure
        /// A retry is scheduled.
        case waiting
        /// The shutdown began.
        case finished
    }

    enum Event: Sendable, Equatable {
        /// A start (`init(context:)` and `start()`) succeeded.
        case startSucceeded
        /// A start failed; `initial` for the module's first start of the run.
        case startFailed(initial: Bool)
        /// The module reported that it can no longer work.
        case failureReported
        /// The module reporting a failure has been deactivated and stopped.
        case stoppedAfterFailure
        /// The delay of a scheduled retry has passed.
        case retryDue
        /// The manager began to shut down.
        case shutdown
    }

    enum Action: Sendable, Equatable {
        /// Nothing to do.
        case none
        /// Stop every module and end the run with an error: a required module did not start.
        case abortRun
        /// Start the module again after this long.
        case retry(after: Duration)
        /// Deactivate and stop the module, mark it failed, then report ``Event/stoppedAfterFailure``.
        case stopForRestart
        /// Start the module now (a retry fell due).
        case start
    }

    let required: Bool
    let initialDelay: Duration
    let maximumDelay: Duration
    private(set) var state: State = .starting
    /// The delay of the next retry.
    private(set) var nextDelay: Duration

    init(required: Bool, initialDelay: Duration, maximumDelay: Duration) {
        self.required = required
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.nextDelay = initialDelay
    }

    /// Moves on with `event` and says what to do.
    mutating func handle(_ event: Event) -> Action {
        switch (state, event) {
        case (.finished, _):
            return .none
        case (_, .shutdown):
            state = .finished
            return .none
        case (.starting, .startSucceeded):
            state = .active
            nextDelay = initialDelay
            return .none
        case (.starting, .startFailed(let initial)):
            if initial && required {
                state = .finished
                return .abortRun
            }
            return scheduleRetry()
        case (.active, .failureReported):
            state = .stoppingAfterFailure
            return .stopForRestart
        case (.stoppingAfterFailure, .stoppedAfterFailure):
            nextDelay = initialDelay
            return scheduleRetry()
        case (.waiting, .retryDue):
            state = .starting
            return .start
        default:
            // A second failure report while the first is handled, a late retry: nothing new.
            return .none
        }
    }

    private mutating func scheduleRetry() -> Action {
        state = .waiting
        let delay = nextDelay
        nextDelay = min(nextDelay * 2, max(maximumDelay, initialDelay))
        return .retry(after: delay)
    }
}
