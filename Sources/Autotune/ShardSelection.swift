import CodeSize
import Engine
import Foundation
import Store
import Support
import Toolchain

/// The inputs one run tunes, in argument order: all of them, or one
/// shard's slice. A shard must know every input's content hash to know
/// which are its own, so it turns each into IR once (clang for C/C++, a
/// read for IR) and keeps the IR of its slice for the search. The slice is
/// recorded in the store, and each program marked as its search finishes,
/// for `passlab slurm status`.
struct ShardSelection {
    let inputs: [String]
    /// Inputs without IR that this shard reported (each by exactly one shard).
    let skipped: Int
    private let shard: AutotuneShard?
    private let campaign: String
    private let store: ResultStore
    private let ir: [String: [UInt8]]
    private let hashes: [String: String]

    init(
        inputs all: [String], phase: AutotunePhase, campaign: String, store: ResultStore,
        report: @Sendable (AutotuneEvent) -> Void
    ) throws {
        self.campaign = campaign
        self.store = store
        guard case .search(let shard) = phase else {
            (inputs, skipped, self.shard, ir, hashes) = (all, 0, nil, [:], [:])
            return
        }
        self.shard = shard
        var selected: [String] = []
        var ir: [String: [UInt8]] = [:]
        var hashes: [String: String] = [:]
        var skipped = 0
        for input in all where hashes[input] == nil {
            do {
                let bytes = try ProgramMeasurer.irBytes(of: input, triple: nil, clangArguments: [])
                let hash = SHA256.hex(bytes)
                guard shard.contains(contentHash: hash) else { continue }
                selected.append(input)
                ir[input] = bytes
                hashes[input] = hash
            } catch let error as MeasureError {
                // No IR, no content hash: the shard the path hashes to reports it, so it is reported once.
                guard AutotuneShard.index(ofContentHash: input, count: shard.count) == shard.index else { continue }
                skipped += 1
                report(.line("skipped \(input): \(error.description)"))
            }
        }
        (inputs, self.skipped, self.ir, self.hashes) = (selected, skipped, ir, hashes)
        try store.assignShard(
            campaign: campaign, shardIndex: shard.index, shardCount: shard.count,
            programs: selected.map { (contentHash: hashes[$0]!, name: $0) })
    }

    /// The input's IR (kept from the selection, or made now).
    func irBytes(of input: String) throws -> [UInt8] {
        if let bytes = ir[input] { return bytes }
        return try ProgramMeasurer.irBytes(of: input, triple: nil, clangArguments: [])
    }

    /// The input's search is stored (or it was skipped): the shard's progress advances.
    func finished(_ input: String) throws {
        guard let shard, let hash = hashes[input] else { return }
        try store.markShardProgramDone(campaign: campaign, shardCount: shard.count, contentHash: hash)
    }
}
