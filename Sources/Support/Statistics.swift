/// Summary statistics the benchmarks and reports share.
public enum Statistics {
    /// The middle value of `values` (the mean of the two middle ones for an
    /// even count); nil when there are none.
    public static func median(_ values: [Double]) -> Double? {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
