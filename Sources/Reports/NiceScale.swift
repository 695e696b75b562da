import Foundation

/// Round axis ticks: steps of 1, 2 or 5 times a power of ten covering the
/// data (Heckbert's "nice numbers"), so a reader sees 0, 5, 10, 15 rather
/// than 0, 3.7, 7.4. The scale always includes zero, where bars start.
public struct NiceScale: Sendable, Equatable {
    /// The first tick, a multiple of `step` at or below the smallest value (and at or below zero).
    public var lower: Double
    /// The last tick, a multiple of `step` at or above the largest value (and at or above zero).
    public var upper: Double
    /// The distance between ticks: 1, 2 or 5 times a power of ten; must be positive.
    public var step: Double

    /// A scale over `values` (and zero) with about `ticks` ticks; `integral`
    /// keeps the step at 1 or more (for counts).
    public init(covering values: [Double], ticks: Int = 6, integral: Bool = false) {
        let finite = values.filter(\.isFinite)
        var low = min(0, finite.min() ?? 0), high = max(0, finite.max() ?? 0)
        if high - low < 1e-12 { high = low + 1 }
        var step = Self.nice((high - low) / Double(max(1, ticks - 1)), round: true)
        if integral { step = max(1, step) }
        // Bounds onto the grid; the epsilon keeps 10.000000001 (rounding noise) from adding a tick.
        low = (low / step + 1e-9).rounded(.down) * step
        high = (high / step - 1e-9).rounded(.up) * step
        self.init(lower: low, upper: high, step: step)
    }

    /// A scale with these bounds and step, as given: `step` must be positive and `upper` above `lower`
    /// (`ticks` and `position` divide by them).
    public init(lower: Double, upper: Double, step: Double) {
        self.lower = lower
        self.upper = upper
        self.step = step
    }

    /// The tick values, lower to upper, computed by index (no drift).
    public var ticks: [Double] {
        let count = Int(((upper - lower) / step).rounded())
        return (0...max(0, count)).map { index in
            let value = lower + Double(index) * step
            return abs(value) < step * 1e-9 ? 0 : value
        }
    }

    /// A tick's text: as many decimals as the step needs, never "-0".
    public func label(_ value: Double) -> String {
        let decimals = max(0, -Int((log10(step) + 1e-9).rounded(.down)))
        let text = String(format: "%.\(decimals)f", value)
        return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
    }

    /// The fraction of the way from lower to upper.
    public func position(_ value: Double) -> Double { (value - lower) / (upper - lower) }

    /// 1, 2, 5 or 10 times a power of ten near `value` (rounded, or the
    /// next such number at or above it).
    static func nice(_ value: Double, round: Bool) -> Double {
        let exponent = (log10(value)).rounded(.down)
        let power = pow(10, exponent)
        let fraction = value / power
        let niceFraction: Double
        if round {
            niceFraction = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            niceFraction = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return niceFraction * power
    }

    /// 1, 2, 5, 10, 20, 50, ... from the last such value at or below `lower` up
    /// to the first at or above `upper`: ticks of a log axis, the first and
    /// last framing every value (3...40 gives 2, 5, ..., 50).
    public static func logarithmicTicks(from lower: Double, to upper: Double) -> [Double] {
        var ticks: [Double] = []
        var power = pow(10, log10(max(lower, 1e-12)).rounded(.down))
        let first = [5.0, 2, 1].map { $0 * power }.first { $0 <= lower * (1 + 1e-9) } ?? power
        while ticks.last.map({ $0 < upper }) ?? true {
            for factor in [1.0, 2, 5] where factor * power >= first * (1 - 1e-9) {
                ticks.append(factor * power)
                if factor * power >= upper * (1 - 1e-9) { break }
            }
            power *= 10
        }
        return ticks
    }
}
