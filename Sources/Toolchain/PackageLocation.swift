import Foundation

/// Where the files that ship with PassLab are: the HumanEval-X suite
/// (`data/humaneval-x-cpp/`) and the corpus spec (`corpus/sources.json`).
///
/// They resolve against the checkout PassLab was built from, never against
/// the working directory, so `passlab validate` works from any folder. The
/// checkout is found from this source file's path (recorded at build time)
/// and, when the binary was moved, from the executable's own path
/// (`<checkout>/.build/<configuration>/passlab`).
public enum PackageLocation {
    /// The checkout this binary was built from, as recorded at build time.
    public static let builtFrom: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.standardizedFileURL.path
    }()

    /// The shipped HumanEval-X C++ suite, relative to a checkout.
    public static let humanEvalRelativePath = "data/humaneval-x-cpp/humaneval_cpp.jsonl.gz"
    /// The corpus spec, relative to a checkout.
    public static let corpusSpecRelativePath = "corpus/sources.json"

    /// Checkouts to look in, best first: the one this binary was built from,
    /// then the one holding `executable` (`.build/<configuration>/passlab`).
    public static func candidateRoots(executable: String = CommandLine.arguments.first ?? "") -> [String] {
        var roots = [builtFrom]
        if !executable.isEmpty {
            let absolute =
                executable.hasPrefix("/")
                ? executable
                : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(executable)
            let checkout = URL(fileURLWithPath: absolute).resolvingSymlinksInPath()
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().standardizedFileURL
                .path
            if !roots.contains(checkout) { roots.append(checkout) }
        }
        return roots
    }

    /// This process's own executable (`/proc/self/exe`, symbolic links
    /// resolved), else the path it was called by.
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The executable `name` built beside this one: `passlab`,
    /// `passlab-dropin` and `passlab-core` live in one directory.
    public static func siblingExecutable(_ name: String) -> String {
        (currentExecutable as NSString).deletingLastPathComponent + "/" + name
    }

    /// The first existing `relativePath` under a candidate checkout, or the
    /// path under the build-time checkout (for the error message) when none exists.
    public static func shippedFile(
        _ relativePath: String, executable: String = CommandLine.arguments.first ?? ""
    ) -> (path: String, exists: Bool) {
        let paths = candidateRoots(executable: executable).map { ($0 as NSString).appendingPathComponent(relativePath) }
        if let found = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) { return (found, true) }
        return (paths[0], false)
    }
}
