import Foundation
import Support
import Toolchain
import Validation

/// Builds the development corpus: one unoptimized .ll per translation unit
/// (the paper's frontend), in `<out>/<code base>/`, and `<out>/manifest.json`
/// with each unit's origin, licence and hash.
///
/// Resumable: units are written atomically and a re-run with the same spec
/// keeps the ones already there. Nothing is fetched that is not pinned.
public struct CorpusBuilder: Sendable {
    /// What `passlab corpus build` was asked for.
    public struct Options: Sendable {
        /// The corpus directory (`--out`): created, or an existing one built
        /// from the same spec and selection, or an empty one.
        public var output: String
        /// The corpus spec to read (`corpus/sources.json` of the checkout by default).
        public var specPath: String
        /// Where archives, unpacked trees, csmith programs and HumanEval-X
        /// sources are kept between builds (`SourceArchives.defaultCache`).
        public var cache: String
        /// Translation units compiled at once (at least 1 is used).
        public var jobs: Int
        /// Overrides the spec's csmith count (0: none).
        public var csmithCount: Int?
        /// nil: no HumanEval-X units.
        public var humanEvalPath: String?
        /// Restricts the real code bases to these names (nil: all).
        public var only: Set<String>?

        /// Options with the CLI's defaults: the default cache, one job per
        /// core, the spec's csmith count, every code base.
        public init(
            output: String, specPath: String, cache: String = SourceArchives.defaultCache,
            jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
            csmithCount: Int? = nil, humanEvalPath: String?, only: Set<String>? = nil
        ) {
            self.output = output
            self.specPath = specPath
            self.cache = cache
            self.jobs = jobs
            self.csmithCount = csmithCount
            self.humanEvalPath = humanEvalPath
            self.only = only
        }
    }

    /// Why a build stopped before compiling anything.
    public enum Error: Swift.Error, CustomStringConvertible {
        /// `output` exists and is not empty, and was not made from this spec
        /// and selection (its `.passlab-corpus` marker differs or is absent).
        case differentSpec(output: String)
        /// `--only` names a code base the spec does not have.
        case unknownCodeBase(name: String, known: [String])
        /// csmith is missing or failed for `seed`.
        case csmithFailed(seed: Int, reason: String)

        /// The problem and the fix (another `--out`, a known name, how to
        /// install csmith).
        public var description: String {
            switch self {
            case let .differentSpec(output):
                return
                    "\(output): holds a corpus built from a different spec or selection; choose a new --out directory, or delete this one to rebuild it."
            case let .unknownCodeBase(name, known):
                return "--only \(name): no such code base in the spec; known: \(known.joined(separator: ", "))"
            case let .csmithFailed(seed, reason):
                return
                    "csmith --seed \(seed) failed: \(reason). Install csmith (apt-get install csmith; scripts/setup does)."
            }
        }
    }

    /// One translation unit to compile.
    struct Unit: Sendable {
        var origin: String
        var source: String
        var originPath: String
        var language: SourceLanguage
        var arguments: [String]
        var output: String
        var workingDirectory: String?
    }

    let options: Options
    let toolchain: Toolchain

    /// A builder compiling with `toolchain`'s clang-19; nothing runs until
    /// `build(progress:)`.
    public init(options: Options, toolchain: Toolchain) {
        self.options = options
        self.toolchain = toolchain
    }

    /// Builds (or completes) the corpus; `progress` gets one line per step.
    public func build(progress: (String) -> Void) throws -> CorpusManifest {
        let (spec, specBytes) = try CorpusSpec.load(path: options.specPath)
        if let only = options.only {
            for name in only.sorted() where !spec.codeBases.contains(where: { $0.name == name }) {
                throw Error.unknownCodeBase(name: name, known: spec.codeBases.map(\.name))
            }
        }
        let codeBases = spec.codeBases.filter { options.only?.contains($0.name) ?? true }
        let csmithCount = options.csmithCount ?? spec.csmith.count
        let selection =
            "spec \(SHA256.hex(specBytes)); code bases \(codeBases.map(\.name).joined(separator: ",")); csmith \(csmithCount); humaneval \(options.humanEvalPath != nil)"
        try claimOutput(selection: selection)

        let archives = SourceArchives(cache: options.cache)
        var units: [Unit] = []
        var entries: [CorpusManifest.CodeBaseEntry] = []
        for codeBase in codeBases {
            progress(
                "\(codeBase.name): \(codeBase.package) \(codeBase.version) (\(codeBase.archiveName), sha256 verified)")
            let root = (try archives.unpacked(codeBase) as NSString).appendingPathComponent(codeBase.root)
            let sources = codeBase.selectSources(in: root)
            let arguments = codeBase.compilerArguments(root: root)
            units += sources.map { relative in
                Unit(
                    origin: codeBase.name, source: (root as NSString).appendingPathComponent(relative),
                    originPath: relative,
                    language: SourceLanguage.of(path: relative) ?? .c, arguments: arguments,
                    output: "\(codeBase.name)/\(Self.flatName(relative)).ll", workingDirectory: root)
            }
            entries.append(
                CorpusManifest.CodeBaseEntry(
                    name: codeBase.name, package: codeBase.package, version: codeBase.version,
                    url: codeBase.url, sha256: codeBase.sha256, licence: codeBase.licence))
        }
        if csmithCount > 0 {
            let generated = try csmithSources(first: spec.csmith.firstSeed, count: csmithCount, progress: progress)
            units += generated.units
            entries.append(
                CorpusManifest.CodeBaseEntry(
                    name: "csmith", package: "csmith", version: generated.version, url: "",
                    sha256: "", licence: spec.csmith.licence))
        }
        if let path = options.humanEvalPath {
            let suite = try HumanEvalSuite.load(path: path)
            units += try humanEvalSources(suite)
            let hash = FileManager.default.contents(atPath: path).map { SHA256.hex(Array($0)) } ?? ""
            entries.append(
                CorpusManifest.CodeBaseEntry(
                    name: "humaneval-x", package: "humaneval-x-cpp", version: "\(suite.problems.count) problems",
                    url: path, sha256: hash, licence: spec.humanEval.licence))
        }
        progress("compiling \(units.count) translation units with \(toolchain.clang) (\(options.jobs) jobs)")
        let results = compile(units, progress: progress)
        let manifest = CorpusManifest(
            specSHA256: SHA256.hex(specBytes), clang: toolchain.clang, codeBases: entries, results: results)
        let data = try JSONEncoder.pretty.encode(manifest)
        try data.write(
            to: URL(fileURLWithPath: (options.output as NSString).appendingPathComponent("manifest.json")),
            options: .atomic)
        return manifest
    }

    /// "src/unix/core.c" -> "src__unix__core".
    static func flatName(_ relative: String) -> String {
        ((relative as NSString).deletingPathExtension).replacingOccurrences(of: "/", with: "__")
    }

    /// Creates the output directory, or checks that an existing one was
    /// built from the same selection (then its finished units are kept).
    func claimOutput(selection: String) throws {
        let marker = (options.output as NSString).appendingPathComponent(".passlab-corpus")
        if FileManager.default.fileExists(atPath: options.output) {
            if let existing = FileManager.default.contents(atPath: marker) {
                guard String(decoding: existing, as: UTF8.self) == selection else {
                    throw Error.differentSpec(output: options.output)
                }
                return
            }
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: options.output)) ?? []
            guard contents.isEmpty else { throw Error.differentSpec(output: options.output) }
        }
        try FileManager.default.createDirectory(atPath: options.output, withIntermediateDirectories: true)
        try Data(selection.utf8).write(to: URL(fileURLWithPath: marker), options: .atomic)
    }

    /// csmith programs for seeds first..<first+count, generated once into the cache.
    func csmithSources(first: Int, count: Int, progress: (String) -> Void) throws -> (units: [Unit], version: String) {
        let version: String
        do {
            version = "csmith " + (try CsmithSuite.version())
        } catch {
            throw Error.csmithFailed(seed: first, reason: "\(error)")
        }
        let directory = (options.cache as NSString).appendingPathComponent(
            "csmith/" + version.replacingOccurrences(of: " ", with: "-"))
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        progress("csmith: \(count) programs, seeds \(first)...\(first + count - 1) (\(version))")
        return (
            try (first..<(first + count)).map { seed in
                let path: String
                do {
                    path = try CsmithSuite.source(seed: seed, directory: directory).path
                } catch {
                    throw Error.csmithFailed(seed: seed, reason: "\(error)")
                }
                return Unit(
                    origin: "csmith", source: path, originPath: "--seed \(seed)", language: .c,
                    arguments: ["-I" + CsmithSuite.includeDirectory, "-w"],
                    output: String(format: "csmith/seed-%05d.ll", seed),
                    workingDirectory: nil)
            }, version
        )
    }

    /// The 164 HumanEval-X programs as C++ sources in the cache.
    func humanEvalSources(_ suite: HumanEvalSuite) throws -> [Unit] {
        let directory = (options.cache as NSString).appendingPathComponent("humaneval-x")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return try suite.problems.map { problem in
            let path = (directory as NSString).appendingPathComponent(problem.fileStem + ".cpp")
            if FileManager.default.contents(atPath: path) != Data(problem.program.utf8) {
                try Data(problem.program.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            }
            return Unit(
                origin: "humaneval-x", source: path, originPath: problem.taskID, language: .cxx, arguments: [],
                output: "humaneval-x/\(problem.fileStem).ll", workingDirectory: nil)
        }
    }

    /// Compiles every unit not already in the output, in parallel.
    func compile(_ units: [Unit], progress: (String) -> Void) -> [CorpusManifest.UnitResult] {
        let results = ParallelResults<CorpusManifest.UnitResult>(count: units.count)
        DispatchQueue.concurrentPerform(iterations: max(1, options.jobs)) { _ in
            while let index = results.claim() {
                results.store(compile(units[index]), at: index)
            }
        }
        let values = results.values
        let kept = values.filter { $0.skipped == nil }.count
        progress("\(kept) units written, \(values.count - kept) skipped (reasons in manifest.json)")
        return values
    }

    func compile(_ unit: Unit) -> CorpusManifest.UnitResult {
        var result = CorpusManifest.UnitResult(
            path: unit.output, codeBase: unit.origin, origin: unit.originPath, language: unit.language.rawValue)
        let output = (options.output as NSString).appendingPathComponent(unit.output)
        let bytes: [UInt8]
        if let existing = FileManager.default.contents(atPath: output) {
            bytes = Array(existing)
        } else {
            do {
                bytes = try Frontend.emitIR(
                    FrontendInvocation(
                        source: unit.source, language: unit.language, extraArguments: unit.arguments,
                        workingDirectory: unit.workingDirectory), toolchain: toolchain)
            } catch let error as FrontendError {
                result.skipped = "does not compile here: " + Self.firstError(error)
                return result
            } catch {
                result.skipped = "does not compile here: \(error)"
                return result
            }
        }
        let functions = String(decoding: bytes, as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("define ") }
            .count
        guard functions > 0 else {
            result.skipped = "defines no function on this platform"
            return result
        }
        do {
            try FileManager.default.createDirectory(
                atPath: (output as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: output) {
                try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
            }
        } catch {
            result.skipped = "cannot write \(output): \(error)"
            return result
        }
        result.functions = functions
        result.bytes = bytes.count
        result.sha256 = SHA256.hex(bytes)
        return result
    }

    /// The first "error:" line of clang's diagnostics.
    static func firstError(_ error: FrontendError) -> String {
        guard case let .compileFailed(_, _, diagnostics) = error else { return error.description }
        let line = diagnostics.split(separator: "\n").first { $0.contains("error:") } ?? Substring(diagnostics)
        return String(line.split(separator: " ", maxSplits: 1).last ?? line)
    }
}

/// `<out>/manifest.json`: where each unit came from and under which licence.
public struct CorpusManifest: Codable, Sendable {
    /// One code base of the build: where it came from and its licence.
    public struct CodeBaseEntry: Codable, Sendable {
        /// The code base's name, its registry package, version, archive URL
        /// and archive sha256 (csmith: its version, no URL or hash;
        /// HumanEval-X: the suite file and its hash), and its licence.
        public var name, package, version, url, sha256, licence: String
    }

    /// One translation unit: its .ll file, or why there is none.
    public struct UnitResult: Codable, Sendable {
        /// Relative to the corpus directory.
        public var path: String
        /// The code base it belongs to (`csmith` and `humaneval-x` included).
        public var codeBase: String
        /// The file inside the code base, the csmith seed or the HumanEval task.
        public var origin: String
        /// The source language's raw value (`c` or `cxx`).
        public var language: String
        /// `define`s in the unit's IR; nil when skipped.
        public var functions: Int?
        /// Bytes of the unit's .ll file; nil when skipped.
        public var bytes: Int?
        /// SHA-256 of the unit's .ll file; nil when skipped.
        public var sha256: String?
        /// Why no .ll was written (does not compile here, defines no
        /// function, cannot be written); nil for a written unit.
        public var skipped: String?
    }

    /// SHA-256 of the spec file the corpus was built from.
    public var specSHA256: String
    /// The clang-19 that compiled the units (the toolchain's path).
    public var clang: String
    /// The code bases in spec order, then csmith and HumanEval-X when built.
    public var codeBases: [CodeBaseEntry]
    /// Every unit, written or skipped, in the order they were planned.
    public var units: [UnitResult]

    init(specSHA256: String, clang: String, codeBases: [CodeBaseEntry], results: [UnitResult]) {
        self.specSHA256 = specSHA256
        self.clang = clang
        self.codeBases = codeBases
        units = results
    }

    /// Why a manifest could not be read.
    public enum LoadError: Swift.Error, CustomStringConvertible {
        /// `manifest.json` is missing or not a manifest (`reason` says which).
        case unreadable(path: String, reason: String)
        /// The path, the reason, and the command that builds a corpus.
        public var description: String {
            switch self {
            case let .unreadable(path, reason):
                return
                    "\(path): not a corpus manifest (\(reason)); build the corpus with `passlab corpus build --out DIR`."
            }
        }
    }

    /// Reads `<directory>/manifest.json`.
    public static func load(directory: String) throws -> CorpusManifest {
        let path = (directory as NSString).appendingPathComponent("manifest.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError.unreadable(path: path, reason: "no such file")
        }
        do {
            return try JSONDecoder().decode(CorpusManifest.self, from: data)
        } catch {
            throw LoadError.unreadable(path: path, reason: "\(error)")
        }
    }

    /// Per code base (spec order), the first `perCodeBase` written units in
    /// sha256-of-path order, optionally only those with at most `maxBytes` of IR.
    /// `only`/`excluding`: code base names (nil: all / none).
    public func sample(
        perCodeBase: Int, maxBytes: Int = 0, only: Set<String>? = nil, excluding: Set<String> = []
    ) -> [String] {
        codeBases.filter { (only?.contains($0.name) ?? true) && !excluding.contains($0.name) }.flatMap { entry in
            units.filter {
                $0.codeBase == entry.name && $0.skipped == nil && (maxBytes == 0 || ($0.bytes ?? 0) <= maxBytes)
            }
            .map(\.path)
            .sorted { SHA256.hex(Array($0.utf8)) < SHA256.hex(Array($1.utf8)) }
            .prefix(perCodeBase)
        }
    }

    /// Written units per code base, in spec order.
    public var counts: [(codeBase: String, units: Int, skipped: Int)] {
        codeBases.map { entry in
            let mine = units.filter { $0.codeBase == entry.name }
            return (entry.name, mine.filter { $0.skipped == nil }.count, mine.filter { $0.skipped != nil }.count)
        }
    }
}

extension JSONEncoder {
    static var pretty: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
