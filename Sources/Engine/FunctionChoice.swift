import CodeSize
import LLVMBridge

/// How per-function bodies are chosen for a composition, by the worker
/// (`tune`, `passlab compose`) and by `passlab cc` alike: from the function
/// sizes of each list's object, the base (the smallest object) gives its
/// functions the bodies other lists compiled smaller, one at a time, each
/// kept only when the whole object gets smaller.
public enum FunctionChoice {
    /// Transplants tried at most when a composition is chosen (each a code
    /// generation of the trial module). On the 23 held-out units at budget
    /// 100 (shipping), 24 left transplants untried on the larger modules:
    /// from empty stores 96 gave 5.75% where 24 gave 5.67% (median 2.22 s
    /// and 2.25 s per module); in side-by-side runs sharing one store no
    /// limit, a second sweep over the candidates left and a second base list
    /// gave no more than 96 (5.86-5.87% against 5.86%).
    public static let attempts = 96

    /// Objects up to this many bytes get every one of `attempts`.
    public static let fullAttemptsUpTo = 32 * 1024
    /// Transplants tried at least, however large the object.
    public static let minimumAttempts = 4

    /// Transplants tried at most when the base's object is `binarySize`
    /// bytes: `attempts` up to `fullAttemptsUpTo`, then fewer in proportion,
    /// at least `minimumAttempts`. Each trial generates the whole module's
    /// code, so its time grows with the object: on SQLite's amalgamation
    /// (a 733 KB object) 96 trials took minutes. Every held-out and training
    /// unit's object is far below the threshold. The count depends on the
    /// module alone, so the same input composes the same way on any machine.
    public static func attempts(forObjectOf binarySize: Int) -> Int {
        guard binarySize > fullAttemptsUpTo else { return attempts }
        return max(minimumAttempts, attempts * fullAttemptsUpTo / binarySize)
    }

    /// A function's body from another list: `position` is that list's index
    /// after the base (1 for the first other list), `saving` the bytes its
    /// symbol is smaller by.
    public struct Candidate: Equatable, Sendable {
        /// The function's symbol.
        public var name: String
        /// The list's index after the base (1 for the first other list).
        public var position: Int
        /// Bytes its symbol is smaller by than the base's.
        public var saving: Int

        /// A candidate body for `name` from the list at `position`.
        public init(name: String, position: Int, saving: Int) {
            self.name = name
            self.position = position
            self.saving = saving
        }
    }

    /// For each function of `base`, every other list that compiled it
    /// smaller (`others[i]` is position i + 1): when the smallest body is
    /// refused (it needs what the base dropped), the next may fit. Most bytes
    /// saved first; ties by name, then position.
    public static func candidates(base: [String: Int], others: [[String: Int]]) -> [Candidate] {
        var candidates: [Candidate] = []
        for (name, size) in base {
            for (offset, other) in others.enumerated() {
                if let candidate = other[name], candidate < size {
                    candidates.append(Candidate(name: name, position: offset + 1, saving: size - candidate))
                }
            }
        }
        return candidates.sorted { ($0.saving, $1.name, $1.position) > ($1.saving, $0.name, $0.position) }
    }

    /// Tries `candidates` in order, at most `attempts` of them (a function
    /// that took a body is not tried again), keeping each one with which
    /// `size` of the composition is smaller than the smallest so far; starts
    /// from `size([:])`, the base alone (nothing is kept when that has no
    /// size). Returns function name -> position.
    public static func choose(
        _ candidates: [Candidate], attempts: Int, size: ([String: Int]) -> Int?
    ) -> [String: Int] {
        guard !candidates.isEmpty, var smallest = size([:]) else { return [:] }
        var kept: [String: Int] = [:]
        var tried = 0
        for candidate in candidates where kept[candidate.name] == nil && tried < attempts {
            tried += 1
            var trial = kept
            trial[candidate.name] = candidate.position
            if let trialSize = size(trial), trialSize < smallest {
                kept = trial
                smallest = trialSize
            }
        }
        return kept
    }
}

/// Trial compositions of one module: the base list's module and, by
/// position, the other lists' copies of it, all in one LLVM context (a body
/// moves only within one). Trials clone the base: fast, and near enough to
/// decide (a fresh context per trial would change nothing chosen and cost a
/// parse each).
public final class CompositionTrials {
    let base: Module
    let make: (Int) -> Module?
    /// The copies made so far, by position (nil: it could not be made).
    private var copies: [Int: Module?] = [:]
    let passes: TargetMachine
    let codeGen: TargetMachine
    let finalization: String?

    /// `copy(position)`: makes the module of the list at that position (1
    /// and up; asked once, on first use), nil when it cannot be had;
    /// `finalization`: passes run before code generation (the measurement
    /// protocol's).
    public init(
        base: Module, copy: @escaping (Int) -> Module?, passes: TargetMachine, codeGen: TargetMachine,
        finalization: String?
    ) {
        self.base = base
        self.make = copy
        self.passes = passes
        self.codeGen = codeGen
        self.finalization = finalization
    }

    /// The copy at `position`, made on first use.
    func copy(_ position: Int) -> Module? {
        if let known = copies[position] { return known }
        let made = make(position)
        copies[position] = made
        return made
    }

    /// A clone of the base with each function's body from its list's copy
    /// (in name order), then global DCE (internal functions and globals only
    /// the old bodies used go) and LLVM's verifier; nil when a body is
    /// refused or the result does not verify.
    public func module(with functions: [String: Int]) -> Module? {
        let trial = base.clone()
        for (name, position) in functions.sorted(by: { $0.key < $1.key }) {
            guard let source = copy(position), (try? trial.transplantFunction(name, from: source)) != nil else {
                return nil
            }
        }
        guard (try? trial.runPasses("globaldce", targetMachine: passes)) != nil, trial.verify() == nil else {
            return nil
        }
        return trial
    }

    /// The binary size (text + data) of `module(with:)`'s object after the
    /// finalization; nil when there is none.
    public func size(with functions: [String: Int]) -> Int? {
        guard let trial = module(with: functions) else { return nil }
        if let finalization { try? trial.runPasses(finalization, targetMachine: codeGen) }
        guard let object = try? trial.emitObject(targetMachine: codeGen) else { return nil }
        return try? ELFObject.sizes(of: object).binarySize
    }
}
