import Foundation

/// Reductions of a binary size against a reference (the -Oz size), and
/// their geometric mean over programs.
///
/// A ratio needs two positive sizes: a program whose reference is 0 bytes
/// (an empty file: nothing to shrink) or whose result is 0 bytes has none,
/// and one such program would turn a geomean into NaN or 100%. Such programs
/// are reported on their own and left out of every mean.
public enum SizeReduction {
    /// Whether the pair has a ratio and counts in a geomean.
    public static func isMeasurable(_ size: Int, vs reference: Int) -> Bool {
        size > 0 && reference > 0
    }

    /// Percent smaller than `reference` (negative when larger); 0 when the
    /// pair has no ratio (see `isMeasurable`), so that no NaN or infinity
    /// reaches a report.
    public static func percent(_ size: Int, vs reference: Int) -> Double {
        guard isMeasurable(size, vs: reference) else { return 0 }
        return 100 * (1 - Double(size) / Double(reference))
    }

    /// Geometric mean over the measurable pairs of reference / size, as a
    /// percent reduction; 0 when none is measurable.
    public static func geomeanPercent(_ pairs: [(reference: Int, size: Int)]) -> Double {
        percent(fromMeanLogRatio: meanLogRatio(pairs) ?? 0)
    }

    /// The geometric mean with every group weighing the same, whatever its
    /// number of pairs (groups: code bases): the mean over groups of each
    /// group's mean log ratio, as a percent reduction. Groups without a
    /// measurable pair are left out; 0 when none is left.
    public static func groupBalancedGeomeanPercent(_ groups: [[(reference: Int, size: Int)]]) -> Double {
        let means = groups.compactMap(meanLogRatio)
        return percent(fromMeanLogRatio: means.isEmpty ? 0 : means.reduce(0, +) / Double(means.count))
    }

    /// The mean over the measurable pairs of ln(reference / size); nil when none is measurable.
    static func meanLogRatio(_ pairs: [(reference: Int, size: Int)]) -> Double? {
        let ratios = pairs.filter { isMeasurable($0.size, vs: $0.reference) }
        guard !ratios.isEmpty else { return nil }
        return ratios.reduce(0.0) { $0 + log(Double($1.reference) / Double($1.size)) } / Double(ratios.count)
    }

    /// A mean log ratio as a percent reduction.
    static func percent(fromMeanLogRatio mean: Double) -> Double { 100 * (1 - 1 / exp(mean)) }
}
