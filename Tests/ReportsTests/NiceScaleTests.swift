import Foundation
import Reports
import Testing

/// Round ticks: every step is 1, 2 or 5 times a power of ten and the ticks
/// cover the data and zero.
struct NiceScaleTests {
    @Test(arguments: [
        [0, 37.3], [3.7, 12.1], [-3.2, 12], [0.013, 0.87], [-41, -2], [0, 0], [1234, 98765], [0, 1e-5],
    ])
    func ticksAreRoundAndCoverTheData(values: [Double]) {
        let scale = NiceScale(covering: values)
        #expect(ReportText.isRound(scale.step), "step \(scale.step)")
        let ticks = scale.ticks
        #expect(ticks.first == scale.lower && abs((ticks.last ?? 0) - scale.upper) < scale.step * 1e-6)
        #expect(ticks.contains(0), "bars start at zero: \(ticks)")
        // Covers the data, up to floating-point rounding of the last tick.
        let slack = scale.step * 1e-9
        #expect(scale.lower <= (values.min() ?? 0) + slack && scale.upper >= (values.max() ?? 0) - slack)
        #expect((3...12).contains(ticks.count), "\(ticks)")
        for tick in ticks {
            let multiple = tick / scale.step
            #expect(abs(multiple - multiple.rounded()) < 1e-6, "\(tick) is not a multiple of \(scale.step)")
        }
    }

    @Test func labelsAreShortAndExact() {
        #expect(
            NiceScale(covering: [0, 37.3]).ticks.map(NiceScale(covering: [0, 37.3]).label) == [
                "0", "10", "20", "30", "40",
            ])
        let small = NiceScale(covering: [0, 0.87])
        #expect(small.ticks.map(small.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let mixed = NiceScale(covering: [-3.2, 12])
        #expect(mixed.ticks.map(mixed.label) == ["-5", "0", "5", "10", "15"])
        // Counts never get half steps.
        let counts = NiceScale(covering: [1, 2], integral: true)
        #expect(counts.step == 1 && counts.ticks == [0, 1, 2])
    }

    @Test func roundTickCheckTellsRoundFromUneven() {
        #expect(ReportText.hasRoundTicks([-4, -2, 0, 2]) && ReportText.hasRoundTicks([1, 2, 5, 10, 20]))
        #expect(!ReportText.hasRoundTicks([0, 3.7, 7.4]) && !ReportText.hasRoundTicks([1, 3, 9]))
    }

    @Test func logarithmicTicksRunOneTwoFive() {
        #expect(NiceScale.logarithmicTicks(from: 1, to: 150) == [1, 2, 5, 10, 20, 50, 100, 200])
        #expect(NiceScale.logarithmicTicks(from: 1, to: 5) == [1, 2, 5])
        // The first tick is at or below the lowest value, so that its point lies on the chart.
        #expect(NiceScale.logarithmicTicks(from: 3, to: 40) == [2, 5, 10, 20, 50])
        #expect(NiceScale.logarithmicTicks(from: 7, to: 9) == [5, 10])
        #expect(NiceScale.logarithmicTicks(from: 20, to: 20) == [20])
    }
}
