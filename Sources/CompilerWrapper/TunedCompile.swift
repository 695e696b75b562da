import CodeSize
import DropInPlanning
import Engine
import Foundation
import LLVMBridge
import Pipelines
import Predictor
import Store
import Support
import Toolchain

/// Why a tuned compile gave way to clang-19. Each is logged and recorded;
/// none reaches the build, which gets clang-19's own compile instead.
public enum DropInError: Error, CustomStringConvertible, Equatable {
    /// The frontend rejected the source: clang-19, run as the build asked,
    /// prints the errors.
    case frontendFailed(status: String)
    /// `step` (the frontend, a lowering, the backup) ran past `seconds`
    /// (PASSLAB_CC_TIMEOUT).
    case timedOut(step: String, seconds: Double)
    /// A step PassLab needs failed (the -Oz backup, the cache, a file).
    case stepFailed(step: String, detail: String)
    /// PASSLAB_* variables with values that cannot be used.
    case badSettings([String])

    /// The reason written to cc.log and to the fallback's record.
    public var description: String {
        switch self {
        case .frontendFailed(let status):
            return "clang-19 did not make IR of the source (\(status)); the build's own compile reports why"
        case let .timedOut(step, seconds):
            return "\(step) took longer than \(Int(seconds)) s (PASSLAB_CC_TIMEOUT)"
        case let .stepFailed(step, detail):
            return "\(step) failed: \(detail.trimmingCharacters(in: .whitespacesAndNewlines))"
        case .badSettings(let problems):
            return problems.joined(separator: "; ")
        }
    }
}

/// What a tuned compile wrote.
public struct TunedCompileResult: Sendable {
    /// `tuned` (made now) or `cacheHit` (copied from the cache); a fallback has
    /// no result.
    public var outcome: CompilationRecord.Outcome
    /// clang-19's own object at the size level (Berkeley text+data).
    public var referenceBinarySize: Int
    /// Berkeley text+data of the object written; never more than
    /// `referenceBinarySize`.
    public var binarySize: Int
    /// The chosen pipeline, or the reference's label when it won.
    public var pipeline: String
    /// The object's key in the cache: SHA-256 (hex) of the IR's hash and the
    /// context fingerprint (compiler, LLVM, predictor, budget, lowering flags).
    public var cacheKey: String
    /// What to print on standard error (the compiler's warnings).
    public var diagnostics: String
    /// Things worth a log line (a list that crashed, a cache write that failed).
    public var notes: [String]
    /// Where the time went, step by step (logged with PASSLAB_VERBOSE=1).
    public var timings: [String] = []
}

/// One tuned compile: the frontend with the build's flags, the cache, and on
/// a miss the predictor's validated lists and the -Oz backup, each lowered
/// with the build's flags by clang-19 itself; the smallest object (by
/// Berkeley text+data) is written atomically to the build's output. Never
/// larger than clang-19's own object: that object is one of the candidates
/// and wins ties.
public final class TunedCompile: Sendable {
    /// The compile, as `CompilePlanner` planned it.
    public let plan: TunedCompilePlan
    /// Budget, time-out, per-function composition and fault injection.
    public let settings: DropInSettings
    /// The cache, opened by the caller (who records the compilation in it
    /// too), or the reason it could not be opened.
    let cache: Result<BuildCache, BuildCache.Error>
    let clock = StepClock()

    /// The shipped predictor, decoded once per process (a one-step build
    /// tunes all its sources in one), on the first compile that misses the cache.
    static let shippedModel = Result { () throws(DropInError) -> PredictorModel in
        do {
            return try PredictorModel.bundled(.shipping)
        } catch {
            throw .stepFailed(step: "loading the predictor", detail: "\(error)")
        }
    }

    /// SHA-256 of the shipped predictor's file (part of every cache key), read once per process.
    static let shippedModelDigest = Result { () throws(DropInError) -> String in
        do {
            let path = try PredictorModel.bundledPath(.shipping)
            return SHA256.hex([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
        } catch {
            throw .stepFailed(step: "reading the predictor", detail: "\(error)")
        }
    }

    /// The -Oz backup's label in records when it is what the build gets.
    public static func referenceLabel(_ plan: TunedCompilePlan) -> String {
        "clang-19 \(plan.level.flag)"
    }

    /// Bumped when anything changes the object for the same inputs.
    static let formatVersion = "passlab-cc-3"

    /// A tuned compile of `plan`; `cache` is the opened cache or why it could
    /// not be opened (the unit is then tuned but not remembered).
    public init(plan: TunedCompilePlan, settings: DropInSettings, cache: Result<BuildCache, BuildCache.Error>) {
        self.plan = plan
        self.settings = settings
        self.cache = cache
    }

    /// Makes the object and writes it to `plan.output`, atomically. Throws when
    /// the build must get its own compile instead (the caller runs it and
    /// records the fallback). Blocking; spawns clang-19 and opt-19.
    public func run() throws(DropInError) -> TunedCompileResult {
        if settings.injectedFault == "crash" { fatalError("PASSLAB_CC_INJECT_FAULT=crash") }
        let scratch: String
        do {
            scratch = try ScratchDirectory.create(purpose: "cc")
        } catch {
            throw .stepFailed(step: "creating a temporary directory in \(NSTemporaryDirectory())", detail: "\(error)")
        }
        defer { ScratchDirectory.remove(scratch) }

        let bitcodePath = scratch + "/frontend.bc"
        let frontend = try runCompiler(
            step: "the frontend", plan.frontendArguments(bitcode: bitcodePath), timeout: settings.timeout)
        clock.lap("frontend")
        guard frontend.termination.succeeded else { throw .frontendFailed(status: frontend.termination.description) }
        guard let ir = FileManager.default.contents(atPath: bitcodePath).map(Array.init), !ir.isEmpty else {
            throw .stepFailed(step: "the frontend", detail: "it wrote no IR to \(bitcodePath)")
        }
        let irHash = SHA256.hex(ir)
        let contextHash = try contextFingerprint()
        let key = SHA256.hex(Array("\(irHash)|\(contextHash)".utf8))

        // Without the cache (unwritable, a newer schema) the unit is still
        // tuned, just not remembered.
        var notes: [String] = []
        let cache: BuildCache?
        switch self.cache {
        case .success(let opened): cache = opened
        case .failure(let error):
            cache = nil
            notes.append("tuned without the cache: \(error)")
        }
        clock.lap("cache lookup")
        if let cached = try? cache?.object(forKey: key) {
            try write(Array(cached.object))
            clock.lap("write")
            return TunedCompileResult(
                outcome: .cacheHit, referenceBinarySize: cached.referenceBinarySize, binarySize: cached.binarySize,
                pipeline: cached.pipeline, cacheKey: key, diagnostics: frontend.stderrText + cached.diagnostics,
                notes: notes,
                timings: clock.laps)
        }

        let started = Date()
        let choice = try tune(ir: ir, bitcode: bitcodePath, frontendSeconds: frontend.seconds, scratch: scratch)
        try write(choice.object.bytes)
        notes += choice.notes
        let entry = CachedObject(
            key: key, irHash: irHash, contextHash: contextHash, llvmVersion: LLVM.version, predictor: "embedded",
            budget: settings.budget,
            optimization: plan.level.rawValue, pipeline: choice.object.pipeline, tuned: !choice.object.isReference,
            referenceBinarySize: choice.reference.sizes.binarySize, binarySize: choice.object.sizes.binarySize,
            text: choice.object.sizes.text,
            data: choice.object.sizes.data, candidates: choice.candidates, object: Data(choice.object.bytes),
            diagnostics: choice.object.diagnostics, tuneSeconds: Date().timeIntervalSince(started),
            referenceObject: choice.object.isReference ? nil : Data(choice.reference.bytes))
        do {
            try cache?.store(entry)
        } catch {
            notes.append("could not cache the object: \(error)")
        }
        return TunedCompileResult(
            outcome: .tuned, referenceBinarySize: choice.reference.sizes.binarySize,
            binarySize: choice.object.sizes.binarySize, pipeline: choice.object.pipeline, cacheKey: key,
            diagnostics: frontend.stderrText + choice.object.diagnostics, notes: notes, timings: clock.laps)
    }

    // MARK: - Tuning

    /// One object made for the unit.
    struct Candidate {
        var pipeline: String
        var isReference: Bool
        var bytes: [UInt8]
        var sizes: ObjectSizes
        /// The lowering's standard error (empty for the build's own compile,
        /// whose frontend warnings were printed already).
        var diagnostics: String
        /// A list's optimized module, the bitcode that was lowered (what a
        /// per-function composition takes bodies from); nil for the backup.
        var bitcode: String? = nil
    }

    struct Choice {
        var object: Candidate
        var reference: Candidate
        var candidates: Int
        var notes: [String]
    }

    /// `scratch`: the run's temporary directory (removed by `run`).
    func tune(ir: [UInt8], bitcode: String, frontendSeconds: Double, scratch: String) throws(DropInError) -> Choice {
        let queue = LoweringQueue(width: max(1, ProcessInfo.processInfo.activeProcessorCount))
        // The backup: clang-19's own object at the build's level.
        let referenceObject = scratch + "/reference.o"
        queue.submit { [self] in
            let label = "clang-19 \(plan.level.flag) (the backup)"
            let started = Date()
            defer { clock.note("clang-19 \(plan.level.flag)", since: started) }
            do {
                let result = try runCompiler(
                    step: label, plan.referenceArguments(bitcode: bitcode, object: referenceObject),
                    timeout: settings.timeout)
                guard result.termination.succeeded else {
                    return .failure("\(label): \(result.termination): \(result.stderrText)")
                }
                return .success(
                    try readObject(
                        referenceObject, pipeline: Self.referenceLabel(plan), isReference: true,
                        diagnostics: plan.referenceStrategy == .frontendIR ? result.stderrText : ""))
            } catch {
                return .failure("\(label): \(error)")
            }
        }

        var notes: [String] = []
        // Without lists (no opt-19, an IR the predictor cannot read) the
        // unit still gets the backup, which is the build's own object.
        var lists: [Pipeline] = [], reloc = "pic", opt = ""
        if settings.budget > 0 {
            do {
                opt = try Toolchain.findTool("opt-19", bare: "opt")
                (lists, reloc) = try predictedLists(ir: ir)
            } catch {
                notes.append("no lists: \(error)")
            }
            clock.lap("predictor")
        }
        if !lists.isEmpty {
            let (opt, reloc) = (opt, reloc)
            // A list whose passes take far longer than the frontend is
            // stopped and left out. The limit is generous: a list stopped on
            // a busy machine and not on an idle one would make the object
            // depend on the load.
            let listTimeout = min(settings.timeout, max(10, 10 * frontendSeconds))
            let seen = SeenModules()
            // opt-19 takes each list as its text.
            for (index, list) in lists.map(\.text).enumerated() {
                queue.submit { [self] in
                    let started = Date()
                    defer { clock.note("list \(list.prefix(40))...", since: started) }
                    let optimized = scratch + "/list-\(index).bc", object = scratch + "/list-\(index).o"
                    do {
                        // The list, then the always-inliner clang runs at every level (see
                        // MeasurementProtocol.finalizationPipeline), with the relocation
                        // model clang's passes saw.
                        let transform = try ProcessRunner.run(
                            ProcessRequest(
                                opt,
                                [
                                    "-relocation-model=\(reloc)", "-p", list + ",always-inline", bitcode,
                                    "-o", optimized,
                                ], timeout: listTimeout))
                        if transform.timedOut {
                            return .failure("list \(list): opt-19 took longer than \(Int(listTimeout)) s")
                        }
                        guard transform.termination.succeeded,
                            let bytes = FileManager.default.contents(atPath: optimized)
                        else {
                            return .failure(
                                "list \(list): opt-19 \(transform.termination): \(transform.stderrText.suffix(500))")
                        }
                        // Lists that leave the module as another one did make its object.
                        guard seen.insert(SHA256.hex([UInt8](bytes))) else { return .duplicate }
                        let result = try runCompiler(
                            step: "lowering list \(list)", plan.loweringArguments(bitcode: optimized, object: object),
                            timeout: settings.timeout)
                        guard result.termination.succeeded else {
                            return .failure("lowering list \(list): \(result.termination): \(result.stderrText)")
                        }
                        var candidate = try readObject(
                            object, pipeline: list, isReference: false, diagnostics: result.stderrText)
                        candidate.bitcode = optimized
                        return .success(candidate)
                    } catch {
                        return .failure("list \(list): \(error)")
                    }
                }
            }
        }
        // At -Oz clang's own pipeline is one of the composition's lists: its
        // module is made here, in-process, beside the lowerings (the backup's
        // object gives its function sizes).
        let ozModule = scratch + "/oz.bc"
        let composes = settings.perFunction && plan.level == .Oz && !lists.isEmpty
        if composes {
            let (ir, reloc) = (ir, reloc)
            queue.submit { [self] in
                let started = Date()
                defer { clock.note("clang -Oz module", since: started) }
                do {
                    let module = try Context().parseIR(ir, name: plan.source)
                    let machine = try Self.passMachine(for: module, reloc: reloc)
                    try module.runPasses(PassCatalog.clangOzPipeline + ",always-inline", targetMachine: machine)
                    try module.write(to: ozModule)
                    return .prepared
                } catch {
                    return .failure("the -Oz module for the per-function composition: \(error)")
                }
            }
        }
        let finished = queue.wait()
        clock.lap("lists and backup")

        var candidates: [Candidate] = []
        for result in finished {
            switch result {
            case .success(let candidate): candidates.append(candidate)
            case .failure(let message): notes.append(message)
            case .duplicate, .prepared: break
            }
        }
        guard let reference = candidates.first(where: \.isReference) else {
            throw .stepFailed(step: "the backup (clang-19 \(plan.level.flag))", detail: notes.first ?? "no object")
        }
        // Per-function lists from the lists that made an object (all validated), and at -Oz
        // clang's own -Oz pipeline (the reference needs no validation).
        var members: [CompositionMember] = []
        if plan.level == .Oz, FileManager.default.fileExists(atPath: ozModule) {
            members.append(
                CompositionMember(
                    list: PassCatalog.clangOz, bitcode: ozModule, object: reference.bytes,
                    size: reference.sizes.binarySize))
        }
        for candidate in candidates where !candidate.isReference {
            guard let bitcode = candidate.bitcode, let list = lists.first(where: { $0.text == candidate.pipeline })
            else { continue }
            members.append(
                CompositionMember(
                    list: list, bitcode: bitcode, object: candidate.bytes, size: candidate.sizes.binarySize))
        }
        if settings.perFunction, members.count >= 2, members.contains(where: { $0.list != PassCatalog.clangOz }) {
            switch composedCandidate(members, reloc: reloc, scratch: scratch) {
            case .success(let candidate): candidates.append(candidate)
            case .failure(let message): notes.append(message)
            case .duplicate, .prepared: break
            }
            clock.lap("per-function composition")
        }
        // Smallest wins; the backup wins ties (it is exactly clang's object).
        var best = reference
        for candidate in candidates where !candidate.isReference && candidate.sizes.binarySize < best.sizes.binarySize {
            best = candidate
        }
        return Choice(object: best, reference: reference, candidates: candidates.count, notes: notes)
    }

    /// The predictor's lists for the module (validated and affordable ones
    /// only, best bet first), and the relocation model its passes must see.
    func predictedLists(ir: [UInt8]) throws(DropInError) -> (lists: [Pipeline], reloc: String) {
        let module: Module
        do {
            module = try Context().parseIR(ir, name: plan.source)
        } catch {
            throw .stepFailed(step: "reading the frontend's IR", detail: "\(error)")
        }
        clock.lap("parse")
        let features = module.features
        clock.lap("features")
        let model = try Self.shippedModel.get()
        clock.lap("model")
        let predictor = EmbeddedPredictor(model: model)
        // Only lists validated when the predictor was trained: a build
        // cannot wait for PassListEval.
        let request = PredictionRequest(
            name: plan.source, ir: ir, features: features,
            composing: settings.perFunction && (plan.level == .Oz || settings.budget >= 2))
        let wanted = min(predictor.maximumProposals, settings.budget * 3 + 10)
        do {
            let lists = try predictor.predict(request, count: wanted).proposals.filter {
                $0.validated && Self.affordable($0.passes)
            }
            .prefix(settings.budget).map(\.pipeline)
            // clang derives the module's PIC level and its passes' target
            // machine from the same flags.
            return (lists, module.isPositionIndependent ? "pic" : "static")
        } catch {
            throw .stepFailed(step: "the predictor", detail: "\(error)")
        }
    }

    /// Lists a build can afford: none with the attributor, whose time grows
    /// far faster than the module (seconds where clang's whole -Oz pipeline
    /// takes a tenth of one, on Lua's lvm.c). Deciding this by pass, not by
    /// a tight time-out, keeps the object independent of the machine's load.
    static func affordable(_ passes: [String]) -> Bool {
        !passes.contains { $0.contains("attributor") }
    }

    // MARK: - Helpers

    func runCompiler(step: String, _ arguments: [String], timeout: Double) throws(DropInError) -> ProcessResult {
        let result: ProcessResult
        do {
            result = try ProcessRunner.run(ProcessRequest(plan.compiler, arguments, timeout: timeout))
        } catch {
            throw .stepFailed(step: step, detail: error.description)
        }
        if result.timedOut { throw .timedOut(step: step, seconds: timeout) }
        return result
    }

    func readObject(
        _ path: String, pipeline: String, isReference: Bool, diagnostics: String
    ) throws(DropInError) -> Candidate {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .stepFailed(step: "reading \(path)", detail: "clang-19 wrote no object")
        }
        let bytes = [UInt8](data)
        do {
            return Candidate(
                pipeline: pipeline, isReference: isReference, bytes: bytes, sizes: try ELFObject.sizes(of: bytes),
                diagnostics: diagnostics)
        } catch {
            throw .stepFailed(step: "measuring \(path)", detail: error.description)
        }
    }

    func write(_ bytes: [UInt8]) throws(DropInError) {
        do {
            try AtomicFile.write(bytes, to: plan.output)
        } catch {
            throw .stepFailed(step: "writing \(plan.output)", detail: error.description)
        }
    }

    /// Everything besides the IR that decides the object: PassLab's cc
    /// format, LLVM, the compiler binary, the predictor's bytes, the budget
    /// and the flags that lower the IR.
    func contextFingerprint() throws(DropInError) -> String {
        let parts =
            [
                Self.formatVersion, LLVM.version, CompilerIdentity.fingerprint(plan.compiler),
                try Self.shippedModelDigest.get(),
                "budget=\(settings.budget)", "perFunction=\(settings.perFunction)",
            ] + plan.codegenFingerprint
        return SHA256.hex(Array(parts.joined(separator: "\u{1}").utf8))
    }
}

/// Module hashes already lowered, shared by the jobs of one compile.
final class SeenModules: @unchecked Sendable {
    private let lock = NSLock()
    private var hashes = Set<String>()

    /// False when `hash` was seen before.
    func insert(_ hash: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return hashes.insert(hash).inserted
    }
}

/// Seconds between successive laps, for the log.
final class StepClock: @unchecked Sendable {
    private let lock = NSLock()
    private var last = Date()
    private var entries: [String] = []

    var laps: [String] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }

    func lap(_ label: String) {
        lock.lock()
        let now = Date()
        entries.append(String(format: "%@ %.3f s", label, now.timeIntervalSince(last)))
        last = now
        lock.unlock()
    }

    /// A step timed elsewhere (a job on another thread).
    func note(_ label: String, since start: Date) {
        lock.lock()
        entries.append(String(format: "[%@ %.3f s]", label, Date().timeIntervalSince(start)))
        lock.unlock()
    }
}

/// Runs blocking jobs (clang-19 lowering) on up to `width` threads and
/// collects their results in submission order.
final class LoweringQueue: @unchecked Sendable {
    enum Result {
        case success(TunedCompile.Candidate)
        case failure(String)
        /// The list's module was another list's: nothing new to compare.
        case duplicate
        /// Work for a later step (the -Oz module a composition takes bodies
        /// from), not a candidate.
        case prepared
    }

    private let group = DispatchGroup()
    private let slots: DispatchSemaphore
    private let lock = NSLock()
    private var results: [(Int, Result)] = []
    private var submitted = 0

    init(width: Int) {
        slots = DispatchSemaphore(value: width)
    }

    func submit(_ job: @escaping @Sendable () -> Result) {
        let position = submitted
        submitted += 1
        group.enter()
        Thread.detachNewThread { [self] in
            slots.wait()
            let result = job()
            slots.signal()
            lock.lock()
            results.append((position, result))
            lock.unlock()
            group.leave()
        }
    }

    func wait() -> [Result] {
        group.wait()
        lock.lock()
        defer { lock.unlock() }
        return results.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
