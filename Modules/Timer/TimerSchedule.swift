import LooselyCoupled

/// A reading of the two clocks a timer needs: the monotonic clock for `every` (immune to clock
/// steps) and the wall clock for `at` (local times of day).
struct TimerInstant: Sendable, Hashable {
    /// Nanoseconds of `CLOCK_MONOTONIC`.
    var monotonic: UInt64
    /// Nanoseconds since the epoch, `CLOCK_REALTIME`.
    var wall: Int64

    static func now() -> TimerInstant {
        TimerInstant(monotonic: MonotonicClock.now(), wall: LocalTime.now())
    }
}

/// When one timer fires: a value with no clock or task of its own, so every case (late wake-ups,
/// clock steps, daylight saving days) is tested without sleeping.
///
/// The driver asks ``delay(from:)`` how long to sleep, sleeps, then calls ``advance(to:)`` with
/// the time it woke at and fires the timer if told to.
struct TimerSchedule: Sendable, Hashable {
    /// How late a time of day may still fire; later than this (the wall clock was stepped
    /// forward, say by NTP after boot, or the machine was suspended) it is reported as missed.
    static let lateness: Int64 = 60 * LocalTime.nanosecondsPerSecond
    /// The longest sleep while a time of day is pending, so a step of the wall clock is noticed.
    static let longestSleep: Int64 = 30 * LocalTime.nanosecondsPerSecond

    /// What one ``advance(to:)`` found.
    struct Step: Sendable, Hashable {
        /// Whether the timer fires now (once, however many intervals were overslept).
        var fires: Bool
        /// A time of day (wall nanoseconds) that passed too long ago to fire.
        var missed: Int64?
    }

    /// `every`, in nanoseconds.
    let interval: UInt64?
    /// `at`, as seconds since local midnight, sorted, without repeats.
    let times: [Int]
    /// When the interval fires next, on the monotonic clock.
    private(set) var nextTick: UInt64?
    /// When the next time of day comes, on the wall clock.
    private(set) var nextTime: Int64?

    /// A stopped timer firing every `interval` and at the local `times` of day.
    init(every interval: Duration?, at times: [Int]) {
        self.interval = interval.map { UInt64(max(1, $0.nanoseconds)) }
        self.times = Array(Set(times)).sorted()
    }

    /// Whether the timer is started.
    var isRunning: Bool { nextTick != nil || nextTime != nil }

    /// Starts (or restarts) the timer at `now`: the interval counts from now, and the next time
    /// of day is the first one after now.
    mutating func start(at now: TimerInstant) {
        nextTick = interval.map { now.monotonic &+ $0 }
        nextTime = LocalTime.next(of: times, after: now.wall)
    }

    /// Stops the timer; it fires no more until started.
    mutating func stop() {
        nextTick = nil
        nextTime = nil
    }

    /// Moves the timer to `now`, saying whether it fires. An interval overslept by several
    /// periods fires once and keeps its phase; a time of day more than ``lateness`` late is
    /// missed rather than fired.
    mutating func advance(to now: TimerInstant) -> Step {
        var step = Step(fires: false, missed: nil)
        if let tick = nextTick, let interval, now.monotonic >= tick {
            step.fires = true
            let periods = (now.monotonic - tick) / interval + 1
            nextTick = tick &+ periods &* interval
        }
        if let time = nextTime, now.wall >= time {
            if now.wall - time <= Self.lateness {
                step.fires = true
            } else {
                step.missed = time
            }
            nextTime = LocalTime.next(of: times, after: max(now.wall, time))
        }
        return step
    }

    /// How long to sleep from `now` before the next ``advance(to:)``: until the earlier of the
    /// two clocks' next firings, at most ``longestSleep`` while a time of day is pending; zero
    /// when one is due; `nil` when the timer is stopped.
    func delay(from now: TimerInstant) -> Duration? {
        var delays: [Int64] = []
        if let tick = nextTick {
            delays.append(tick > now.monotonic ? Int64(clamping: tick - now.monotonic) : 0)
        }
        if let time = nextTime {
            delays.append(min(max(0, time - now.wall), Self.longestSleep))
        }
        return delays.min().map { .nanoseconds($0) }
    }

    /// When the timer fires next, as wall-clock nanoseconds; `nil` when stopped.
    func nextFiring(from now: TimerInstant) -> Int64? {
        var candidates: [Int64] = []
        if let tick = nextTick {
            let ahead = tick > now.monotonic ? Int64(clamping: tick - now.monotonic) : 0
            candidates.append(now.wall + ahead)
        }
        if let time = nextTime { candidates.append(time) }
        return candidates.min()
    }
}
