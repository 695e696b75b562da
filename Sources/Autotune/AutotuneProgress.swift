import Foundation
import Toolchain

/// What an autotuning run tells its user while it works.
public enum AutotuneEvent: Sendable {
    /// A finished step, worth a line of its own.
    case line(String)
    /// Where the run is now, for a progress bar.
    case tick(AutotuneProgress)
}

/// Where an autotuning run is, sent as `AutotuneEvent.tick` at most every 0.2 s; `bar()` renders it.
public struct AutotuneProgress: Sendable {
    /// The step the run is in.
    public enum Phase: String, Sendable {
        /// `random`: a program's random search; `minimize`: minimizing its best list; `broadcast`: trying the most
        /// frequent best lists on every program, after all searches.
        case random, minimize, broadcast
    }

    /// 0-based index of the program being tuned among `programs` (`bar` shows it 1-based).
    public var program: Int
    /// Programs this run tunes: the inputs, or this shard's slice.
    public var programs: Int
    /// The program's input path; in the broadcast phase, how many lists are broadcast ("12 lists").
    public var name: String
    /// The current step (`evaluated` and `phaseBudget` count within it).
    public var phase: Phase
    /// Lists looked at in this phase (compiled or read back from the store).
    public var evaluated: Int
    /// The phase's budget (the minimization budget is an upper bound).
    public var phaseBudget: Int
    /// Share of the whole run done, 0...1.
    public var fraction: Double
    /// Seconds since the run started.
    public var elapsed: Double
    /// Seconds left at the pace so far (nil until there is a pace: 2 s or 5% of the work).
    public var eta: Double?
    /// Geomean reduction vs -Oz over the programs finished.
    public var geomean: Double

    /// One line: `[#####.....] 12/40 zstd/huf: random 640/1000 | geomean vs -Oz 3.20% | 41 s, ETA 6 min`.
    public func bar(width: Int = 24) -> String {
        let name = self.name.count > 32 ? "..." + self.name.suffix(29) : self.name
        return String(
            format: "[%@] %d/%d %@: %@ %d/%d | geomean vs -Oz %.2f%% | %@, ETA %@",
            ProgressReporter.bar(fraction, width: width), program + 1, programs, name, phase.rawValue, evaluated,
            phaseBudget, geomean, ProgressReporter.duration(elapsed), eta.map(ProgressReporter.duration) ?? "?")
    }
}

/// Turns batch completions into progress ticks. The run's work is counted
/// in planned evaluations: per program its random budget plus the
/// minimization budget (an upper bound, so the ETA errs long), plus the
/// broadcast.
final class ProgressMeter: @unchecked Sendable {
    private let lock = NSLock()
    private let report: @Sendable (AutotuneEvent) -> Void
    private let started = Date()
    private let budget: Int
    private let minimizeBudget: Int
    private var perProgram: Int { budget + minimizeBudget }
    private var state: AutotuneProgress
    /// Planned evaluations of finished programs, and of finished phases of the current one.
    private var finishedWork = 0
    private var phaseDone = 0
    private var totalWork: Int
    private var lastTick = Date.distantPast

    init(programs: Int, budget: Int, minimizeBudget: Int, report: @escaping @Sendable (AutotuneEvent) -> Void) {
        self.report = report
        self.budget = budget
        self.minimizeBudget = minimizeBudget
        totalWork = max(1, programs * (budget + minimizeBudget))
        state = AutotuneProgress(
            program: 0, programs: programs, name: "", phase: .random, evaluated: 0, phaseBudget: budget,
            fraction: 0, elapsed: 0, eta: nil, geomean: 0)
    }

    func begin(program: Int, name: String) {
        update { state in
            state.program = program
            state.name = name
            state.phase = .random
            state.evaluated = 0
            state.phaseBudget = self.budget
        }
    }

    func phase(_ phase: AutotuneProgress.Phase) {
        update { state in
            if phase == .minimize { self.phaseDone = min(state.evaluated, self.budget) }
            state.phase = phase
            state.evaluated = 0
            state.phaseBudget = phase == .minimize ? self.minimizeBudget : self.budget
        }
    }

    func broadcast(programs: Int, lists: Int) {
        update { state in
            self.totalWork = self.finishedWork + programs * lists
            state.phase = .broadcast
            state.name = "\(lists) lists"
            state.evaluated = 0
            state.phaseBudget = programs * lists
        }
    }

    func advance(by count: Int) {
        update { state in state.evaluated += count }
    }

    /// The program's planned work is done (tuned, with the new running
    /// geomean, or skipped, without).
    func finish(geomean: Double? = nil) {
        update { state in
            self.finishedWork += self.perProgram
            self.phaseDone = 0
            state.evaluated = 0
            if let geomean { state.geomean = geomean }
        }
    }

    private func update(_ change: @escaping (inout AutotuneProgress) -> Void) {
        lock.lock()
        change(&state)
        let current: Int
        switch state.phase {
        case .random: current = min(state.evaluated, perProgram)
        case .minimize: current = min(phaseDone + state.evaluated, perProgram)
        case .broadcast: current = state.evaluated
        }
        let done = Double(finishedWork + current)
        state.elapsed = Date().timeIntervalSince(started)
        state.fraction = min(1, done / Double(totalWork))
        // A pace is known once 2 s have passed or 5% of the work is done
        // (a short run on a fast machine is over in under 2 s).
        let paced = done > 0 && (state.elapsed > 2 || state.fraction >= 0.05)
        state.eta = paced ? state.elapsed / done * (Double(totalWork) - done) : nil
        let now = Date()
        let due = now.timeIntervalSince(lastTick) >= 0.2
        if due { lastTick = now }
        let snapshot = state
        lock.unlock()
        if due { report(.tick(snapshot)) }
    }
}
