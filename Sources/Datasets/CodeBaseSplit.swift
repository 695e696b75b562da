import Foundation
import Support
import Toolchain

/// The split an example belongs to. Whole code bases go to one split, so a
/// model is never tested on a code base it was trained on.
public enum DatasetSplit: String, Sendable, Codable, CaseIterable, Hashable {
    /// `train` (about 80% of code bases), `validation` (about 10%) and
    /// `test` (the rest): the raw values are the `split` column of a dataset.
    case train, validation, test
}

/// Assigns code bases to splits: about 80% of code bases to train, 10% to
/// validation, 10% to test, by a seeded hash of the code base's name.
///
/// A code base's split depends only on its name and the seed, never on
/// which other code bases are in the run: adding inputs does not move
/// examples between splits.
public struct CodeBaseSplit: Sendable, Codable, Hashable {
    /// Mixed into the hash (`--seed`): another seed deals the code bases anew.
    public var seed: UInt64
    /// Code bases placed by hand (`--split-of NAME=test`).
    public var overrides: [String: DatasetSplit]

    /// A split dealt by `seed`, with `overrides` taking precedence.
    public init(seed: UInt64, overrides: [String: DatasetSplit] = [:]) {
        self.seed = seed
        self.overrides = overrides
    }

    /// Shares of code bases, in order: train, validation, then test (the rest).
    public static let trainShare = 0.8
    /// Share of code bases dealt to validation (after train's 0.8; test gets
    /// the remaining 0.1).
    public static let validationShare = 0.1

    /// The split of the code base named `codeBase`: its override, else the
    /// first 53 bits of SHA-256 of the seed and name as a fraction in [0, 1),
    /// compared with the shares.
    public func split(of codeBase: String) -> DatasetSplit {
        if let chosen = overrides[codeBase] { return chosen }
        let digest = SHA256.digest(Array("passlab-dataset-split|\(seed)|\(codeBase)".utf8))
        let bits = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let unit = Double(bits >> 11) / Double(UInt64(1) << 53)
        if unit < Self.trainShare { return .train }
        return unit < Self.trainShare + Self.validationShare ? .validation : .test
    }

    /// The code base of an input: the name of its parent directory
    /// (`dev-corpus/zstd/x.ll` is in `zstd`), as predictor training names
    /// it; `x.ll` or `./x.ll` take the name of the directory they are in.
    public static func codeBase(of path: String) -> String {
        if let parent = path.split(separator: "/").dropLast().last, parent != ".", parent != ".." {
            return String(parent)
        }
        return URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().lastPathComponent
    }

    /// Parses `NAME=train|validation|test`.
    public static func parseOverride(_ text: String) -> (codeBase: String, split: DatasetSplit)? {
        guard let equals = text.lastIndex(of: "=") else { return nil }
        let name = String(text[..<equals]), value = String(text[text.index(after: equals)...])
        guard !name.isEmpty, let split = DatasetSplit(rawValue: value) else { return nil }
        return (name, split)
    }
}
