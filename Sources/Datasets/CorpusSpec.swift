import Foundation

/// What the development corpus is made of (`corpus/sources.json`): real C
/// code bases inside pinned source archives, csmith programs with fixed
/// seeds, and the HumanEval-X solutions.
public struct CorpusSpec: Codable, Sendable {
    /// One real code base: a pinned registry archive, the C files to take
    /// from it, and the flags they compile with.
    public struct CodeBase: Codable, Sendable {
        /// The code base ("zstd"); also the output sub-directory.
        public var name: String
        /// The registry package that carries it, and its pinned version.
        public var package: String
        /// The pinned version of `package` (recorded in the manifest).
        public var version: String
        /// The code base's licence as the spec states it ("MIT"), copied into
        /// the manifest's entry for the code base.
        public var licence: String
        /// The archive and its sha256; the download is refused on mismatch.
        public var url: String
        /// The archive's SHA-256, 64 hex digits: checked before anything reads
        /// it, and its first 16 digits name the unpacked directory.
        public var sha256: String
        /// The code base's directory inside the unpacked archive.
        public var root: String
        /// Globs relative to `root`: `*` and `?` stay within one directory,
        /// `**` spans directories.
        public var sources: [String]
        /// Globs relative to `root` removed from what `sources` selects (nil:
        /// none).
        public var exclude: [String]?
        /// Relative to `root`.
        public var includeDirectories: [String]?
        /// Preprocessor definitions (`NAME` or `NAME=VALUE`), passed as `-D`
        /// to every unit of the code base (nil: none).
        public var defines: [String]?

        /// The archive's file name, from its URL.
        public var archiveName: String { (url as NSString).lastPathComponent }
    }

    /// The csmith part: programs for seeds `firstSeed..<firstSeed + count`.
    public struct Csmith: Codable, Sendable {
        /// Programs to generate (`--csmith` overrides it; 0: none); not negative.
        public var count: Int
        /// The first csmith `--seed`; not negative.
        public var firstSeed: Int
        /// The licence recorded for the generated programs.
        public var licence: String
    }

    /// The HumanEval-X part: the shipped C++ solutions (`--humaneval`).
    public struct HumanEval: Codable, Sendable {
        /// The licence recorded for the HumanEval-X units.
        public var licence: String
    }

    /// Free text for the spec's readers; not used.
    public var comment: String?
    /// The real code bases, in the order the manifest and samples list them;
    /// names are unique.
    public var codeBases: [CodeBase]
    /// The csmith programs of the corpus.
    public var csmith: Csmith
    /// The HumanEval-X programs of the corpus.
    public var humanEval: HumanEval

    /// Why a spec file was refused.
    public enum Error: Swift.Error, CustomStringConvertible {
        /// The file cannot be read (`reason` says why).
        case unreadable(path: String, reason: String)
        /// The file is not valid JSON for a spec, or breaks a rule: a
        /// duplicate name, a sha256 that is not 64 hex digits, a URL that is
        /// not https, no source patterns, a negative csmith count or seed.
        case invalid(path: String, reason: String)

        /// The path, the reason and, for an unreadable file, where the
        /// project's spec is and how to pass another (`--spec`).
        public var description: String {
            switch self {
            case let .unreadable(path, reason):
                return
                    "\(path): cannot read the corpus spec: \(reason). The project's spec is corpus/sources.json; pass another with --spec."
            case let .invalid(path, reason):
                return "\(path): not a valid corpus spec: \(reason)"
            }
        }
    }

    /// Reads and checks a spec; `bytes` are kept so the manifest can record
    /// the spec's hash.
    public static func load(path: String) throws -> (spec: CorpusSpec, bytes: [UInt8]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Error.unreadable(path: path, reason: "no such file")
        }
        let spec: CorpusSpec
        do {
            spec = try JSONDecoder().decode(CorpusSpec.self, from: data)
        } catch {
            throw Error.invalid(path: path, reason: "\(error)")
        }
        var names = Set<String>()
        for codeBase in spec.codeBases {
            guard names.insert(codeBase.name).inserted else {
                throw Error.invalid(path: path, reason: "code base \"\(codeBase.name)\" appears twice")
            }
            guard codeBase.sha256.count == 64, codeBase.sha256.allSatisfy(\.isHexDigit) else {
                throw Error.invalid(
                    path: path, reason: "\(codeBase.name): sha256 \"\(codeBase.sha256)\" is not 64 hex digits")
            }
            guard codeBase.url.hasPrefix("https://") else {
                throw Error.invalid(path: path, reason: "\(codeBase.name): url \"\(codeBase.url)\" is not https")
            }
            guard !codeBase.sources.isEmpty else {
                throw Error.invalid(path: path, reason: "\(codeBase.name): no source patterns")
            }
        }
        guard spec.csmith.count >= 0, spec.csmith.firstSeed >= 0 else {
            throw Error.invalid(path: path, reason: "csmith count and firstSeed must not be negative")
        }
        return (spec, Array(data))
    }
}

/// A path glob: `*` and `?` within one directory, `**` across directories.
struct PathGlob {
    let pattern: String
    private let regex: NSRegularExpression

    init(_ pattern: String) {
        self.pattern = pattern
        var expression = "^"
        var characters = Array(pattern)[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            switch character {
            case "*" where characters.first == "*":
                characters = characters.dropFirst()
                if characters.first == "/" {
                    characters = characters.dropFirst()
                    expression += "(?:.*/)?"
                } else {
                    expression += ".*"
                }
            case "*": expression += "[^/]*"
            case "?": expression += "[^/]"
            default: expression += NSRegularExpression.escapedPattern(for: String(character))
            }
        }
        // The pattern's characters are escaped, so it always compiles.
        regex = try! NSRegularExpression(pattern: expression + "$")
    }

    func matches(_ path: String) -> Bool {
        regex.firstMatch(in: path, range: NSRange(path.startIndex..., in: path)) != nil
    }
}

extension CorpusSpec.CodeBase {
    /// The source files under `directory` (the unpacked `root`) that the
    /// patterns select, as sorted relative paths.
    func selectSources(in directory: String) -> [String] {
        let include = sources.map(PathGlob.init)
        let exclude = (self.exclude ?? []).map(PathGlob.init)
        let files = (FileManager.default.subpaths(atPath: directory) ?? []).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }
        return files.filter { path in include.contains { $0.matches(path) } && !exclude.contains { $0.matches(path) } }
            .sorted()
    }

    /// The frontend flags for a unit of this code base.
    func compilerArguments(root directory: String) -> [String] {
        (includeDirectories ?? []).map { "-I" + (directory as NSString).appendingPathComponent($0) }
            + (defines ?? []).map { "-D" + $0 }
    }
}
