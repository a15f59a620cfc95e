/// The "did you mean" of error messages: the one candidate a misspelt name most likely meant.
public enum Suggestion {
    /// The candidate `name` was most likely meant to be, or `nil` when none is close or two are
    /// equally close.
    ///
    /// A candidate equal but for case wins. Otherwise the nearest by edit distance (insertions,
    /// deletions, substitutions and swaps of two neighbours, ignoring case), if it is at most 1
    /// for names up to 4 characters and 2 for longer ones, and no other candidate is as near:
    /// `DORBELL` gives `DOORBELL`, but `GPIO40` among `GPIO0`…`GPIO27` gives nothing, since
    /// several are one edit away.
    ///
    /// ```swift
    /// Suggestion.closest(to: "loging", in: ["logging", "modules", "queue"])   // "logging"
    /// ```
    public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(name.lowercased())
        let limit = target.count <= 4 ? 1 : 2
        var best: (candidate: String, distance: Int)?
        var tied = false
        for candidate in candidates where candidate != name {
            let lowered = Array(candidate.lowercased())
            if lowered == target { return candidate }
            let distance = editDistance(target, lowered, limit: limit)
            guard distance <= limit else { continue }
            if let current = best, distance >= current.distance {
                if distance == current.distance && candidate != current.candidate { tied = true }
                continue
            }
            best = (candidate, distance)
            tied = false
        }
        return tied ? nil : best?.candidate
    }

    /// `did you mean 'NEAR'?` for the ``closest(to:in:)`` candidate, the one wording every error
    /// message uses; `nil` when there is none.
    public static func didYouMean(_ name: String, in candidates: some Sequence<String>) -> String? {
        closest(to: name, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// The optimal-string-alignment distance between `a` and `b`, or `limit + 1` once it is
    /// certain to exceed `limit`.
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        // Three rows of the dynamic programme: two back (for swaps), the previous, the current.
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, beforePrevious[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
