import LooselyCoupledGPIO

/// The documented button semantics restated as a batch computation over a whole recorded signal.
///
/// The state machine decides online, with timers and a settled horizon; this model looks at the
/// finished recording and applies the doc comment's rules directly. The property tests check that
/// both agree event for event, which an online bug (a timer firing too early, an edge overtaken)
/// cannot survive.
enum ButtonReferenceModel {
    struct Edge: Equatable, CustomStringConvertible {
        var at: UInt64
        var level: Bool
        var description: String { "\(level ? 1 : 0)@\(at)" }
    }

    struct Timings {
        var glitchFilter: UInt64
        var debounce: UInt64
        var maxPress: UInt64
        var doubleClickGap: UInt64
        var longPress: UInt64?
        var holdDelay: UInt64?
        var holdRepeat: UInt64
    }

    /// The edges a "stable for `delay`" filter accepts, knowing the signal up to `end`.
    ///
    /// A run of the signal at one level is accepted iff it differs from the accepted level and
    /// lasts at least `delay` (up to the next change, or to `end`); it keeps its start time.
    static func filter(_ edges: [Edge], initial: Bool, delay: UInt64, end: UInt64) -> [Edge] {
        var runs: [Edge] = []
        var level = initial
        for edge in edges where edge.level != level {
            runs.append(edge)
            level = edge.level
        }
        var accepted = initial
        var output: [Edge] = []
        for (index, run) in runs.enumerated() {
            let runEnd = index + 1 < runs.count ? runs[index + 1].at : end
            if run.level != accepted, runEnd >= run.at + delay {
                output.append(run)
                accepted = run.level
            }
        }
        return output
    }

    /// Every event but `input`, from debounced edges that alternate starting away from `initial`.
    static func gestures(_ filtered: [Edge], initial: Bool, timings: Timings, end: UInt64) -> [ButtonEvent] {
        var intervals: [(press: UInt64, release: UInt64?)] = []
        var pressStart: UInt64?
        for edge in filtered {
            if edge.level {
                pressStart = edge.at
            } else if let start = pressStart {
                intervals.append((start, edge.at))
                pressStart = nil
            }
            // A release with no press before it is the input held at start: no gesture at all.
        }
        if let start = pressStart { intervals.append((start, nil)) }

        var events: [ButtonEvent] = []
        var sequence = 0
        for (index, interval) in intervals.enumerated() {
            let press = interval.press
            events.append(ButtonEvent(.press, at: .ns(press)))
            let heldUntil = interval.release ?? end
            var timed: [ButtonEvent] = []
            if let longPress = timings.longPress, press + longPress <= heldUntil {
                timed.append(ButtonEvent(.longPress, at: .ns(press + longPress)))
            }
            if let holdDelay = timings.holdDelay {
                var count = 0
                while press + holdDelay + UInt64(count) * timings.holdRepeat <= heldUntil {
                    timed.append(
                        ButtonEvent(
                            .hold(repeat: count), at: .ns(press + holdDelay + UInt64(count) * timings.holdRepeat)))
                    count += 1
                    if timings.holdRepeat == 0 { break }
                }
            }
            // Stable sort: at equal instants the long press, appended first, stays first.
            events += timed.enumerated().sorted {
                ($0.element.timestamp, $0.offset) < ($1.element.timestamp, $1.offset)
            }.map(\.element)

            guard let release = interval.release else { break }
            events.append(ButtonEvent(.release, at: .ns(release)))
            guard timed.isEmpty, release - press <= timings.maxPress else {
                sequence = 0
                continue
            }
            sequence += 1
            if index + 1 < intervals.count, intervals[index + 1].press < release + timings.doubleClickGap {
                continue
            }
            if release + timings.doubleClickGap <= end {
                let kind: ButtonEvent.Kind =
                    sequence == 1 ? .click : sequence == 2 ? .doubleClick : .multiClick(count: sequence)
                events.append(ButtonEvent(kind, at: .ns(release)))
            }
            sequence = 0
        }
        return events
    }
}
