import Foundation

/// What the development corpus is made of (`corpus/sources.json`): real C
/// code bases inside pinned source archives, csmith programs with fixed
/// seeds, and the HumanEval-X solutions.
public struct CorpusSpec: Codable, Sendable {
    public struct CodeBase: Codable, Sendable {
        /// The code base ("zstd"); also the output sub-directory.
        public var name: String
        /// The registry package that carries it, and its pinned version.
        public var package: String
        public var version: String
        public var licence: String
        /// The archive and its sha256; the download is refused on mismatch.
        public var url: String
        public var sha256: String
        /// The code base's directory inside the unpacked archive.
        public var root: String
        /// Globs relative to `root`: `*` and `?` stay within one directory,
        /// `**` spans directories.
        public var sources: [String]
        public var exclude: [String]?
        /// Relative to `root`.
        public var includeDirectories: [String]?
        public var defines: [String]?

        /// The archive's file name, from its URL.
        public var archiveName: String { (url as NSString).lastPathComponent }
    }

    public struct Csmith: Codable, Sendable {
        public var count: Int
        public var firstSeed: Int
        public var licence: String
    }

    public struct HumanEval: Codable, Sendable {
        public var licence: String
    }

    public var comment: String?
    public var codeBases: [CodeBase]
    public var csmith: Csmith
    public var humanEval: HumanEval

    public enum Error: Swift.Error, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case invalid(path: String, reason: String)

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
