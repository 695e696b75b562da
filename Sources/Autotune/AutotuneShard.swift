import Foundation
import Support

/// One slice of a sharded autotune: shard `index` of `count`, 1-based (as
/// Slurm numbers array tasks with `--array=1-N`). A program belongs to the
/// shard its content hash (the SHA-256 of its IR, the store's key) hashes
/// to, so the slices depend neither on the order of the arguments nor on
/// the paths, stay the same on every re-run, and copies of one program
/// land in one shard.
public struct AutotuneShard: Sendable, Hashable, CustomStringConvertible {
    /// This shard's number, `1...count`.
    public let index: Int
    /// How many shards the campaign is split into (at least 1).
    public let count: Int

    /// Why a `--shard` value is not one.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        /// The rejected value: the text given, or `I/N` made of the numbers given.
        public let value: String
        /// What is wrong with it ("not of the form I/N", a shard number out of range...).
        public let reason: String
        /// The message a user sees: the flag, the value, the reason and the form `--shard` accepts.
        public var description: String {
            "--shard \(value): \(reason); give I/N with 1 <= I <= N, "
                + "e.g. --shard 1/4 ... --shard 4/4 (shards are numbered from 1)"
        }
    }

    /// Shard `index` of `count`; throws `ParseError` unless `count >= 1` and `1 <= index <= count`.
    public init(index: Int, count: Int) throws(ParseError) {
        let text = "\(index)/\(count)"
        guard count >= 1 else { throw ParseError(value: text, reason: "the number of shards must be at least 1") }
        guard (1...count).contains(index) else {
            throw ParseError(value: text, reason: "shard \(index) does not exist among \(count) shards")
        }
        self.index = index
        self.count = count
    }

    /// Parses "I/N".
    public init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0].trimmingCharacters(in: .whitespaces)),
            let count = Int(parts[1].trimmingCharacters(in: .whitespaces))
        else {
            throw ParseError(value: text, reason: "not of the form I/N")
        }
        try self.init(index: index, count: count)
    }

    /// `I/N`, the form `--shard` takes.
    public var description: String { "\(index)/\(count)" }

    /// The shard (1-based) of a program with this content hash among `count`.
    public static func index(ofContentHash contentHash: String, count: Int) -> Int {
        Int(contentHash.hashValueStable % UInt64(max(count, 1))) + 1
    }

    /// Whether the program with this content hash is this shard's.
    public func contains(contentHash: String) -> Bool {
        Self.index(ofContentHash: contentHash, count: count) == index
    }
}

/// Which part of the autotune a run does. A sharded campaign runs `search`
/// on every shard (random search and minimization of its slice), then one
/// `broadcast` over all inputs: it reads every program's search back from
/// the store (nothing stored is compiled again), broadcasts the most
/// frequent best lists and validates the winners, so the result is exactly
/// that of one unsharded run with the same seed and budgets.
public enum AutotunePhase: Sendable, Hashable {
    /// Search, broadcast and validation in one run (no sharding).
    case all
    /// Random search and minimization of one shard's programs only.
    case search(AutotuneShard)
    /// The second phase of a sharded campaign.
    case broadcast
}
