import CodeSize
import Engine
import Foundation
import Store
@testable import Predictor
import Testing
import TestSupport
import Toolchain

/// A program tunes to the same list wherever its file lies: the searches'
/// seed does not take in the lines that name the source file.
@Suite(.serialized) struct FlagTunerSeedTests {
    /// 09_bits.c copied to two directories, and 26_collatz.c, as IR.
    static func copies(in directory: String) throws -> (first: String, second: String, other: String) {
        var paths: [String] = []
        for (folder, name) in [("one", "09_bits.c"), ("two/deeper", "09_bits.c"), ("one", "26_collatz.c")] {
            try FileManager.default.createDirectory(atPath: "\(directory)/\(folder)", withIntermediateDirectories: true)
            let path = "\(directory)/\(folder)/\(name)"
            if !FileManager.default.fileExists(atPath: path) {
                try FileManager.default.copyItem(atPath: "\(Fixtures.programs)/\(name)", toPath: path)
            }
            paths.append(path)
        }
        return (paths[0], paths[1], paths[2])
    }

    @Test func theSeedIgnoresWhereTheSourceLies() throws {
        let directory = Fixtures.temporaryDirectory("tune-seed")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (first, second, other) = try Self.copies(in: directory)
        let irs = try [first, second, other].map {
            try ProgramMeasurer.irBytes(of: $0, triple: nil, clangArguments: [])
        }
        #expect(irs[0] != irs[1], "the two copies' IR should differ in the source file's name")
        #expect(FlagTuner.searchSeed(1, ir: irs[0]) == FlagTuner.searchSeed(1, ir: irs[1]))
        #expect(FlagTuner.searchSeed(1, ir: irs[0]) != FlagTuner.searchSeed(2, ir: irs[0]))
        #expect(FlagTuner.searchSeed(1, ir: irs[0]) != FlagTuner.searchSeed(1, ir: irs[2]))
        // A change anywhere else in the text changes it.
        let renamed = Array(
            String(decoding: irs[0], as: UTF8.self).replacingOccurrences(of: "@main", with: "@main2").utf8)
        #expect(FlagTuner.searchSeed(1, ir: renamed) != FlagTuner.searchSeed(1, ir: irs[0]))
    }

    /// Random search, real compilations: both copies compile the same lists.
    @Test func bothCopiesTuneToTheSameList() throws {
        let directory = Fixtures.temporaryDirectory("tune-seed-search")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (first, second, _) = try Self.copies(in: directory)
        let configuration = EngineConfiguration(workerExecutable: Fixtures.passlabExecutable, jobs: 2)
        let engine = try EvaluationEngine(configuration: configuration)
        let predictor = FlagTunerAsIsTests.Proposals(proposals: [])
        let store = try ResultStore(path: directory + "/tune.sqlite")
        let tuner = try FlagTuner(
            engine: engine, predictor: predictor, measurementProtocol: .paper, validator: nil, store: store)
        tuner.strategy = .randomSearch
        let results = try [first, second].map { input in
            let bytes = try ProgramMeasurer.irBytes(of: input, triple: nil, clangArguments: [])
            let handle = engine.register(ir: bytes, name: input)
            guard case .success = engine.load(handle) else { throw MeasureError.badInput("cannot load \(input)") }
            return try tuner.tune(ir: bytes, handle: handle, name: input, budget: 6)
        }
        #expect(results.map(\.compilations) == [6, 6])
        #expect(results[0].predictedBinarySize == results[1].predictedBinarySize)
        // The store keeps every list compiled, per program (the two copies are two programs: their texts differ).
        let lists = Dictionary(grouping: try store.evaluationKeys(), by: \.contentHash)
            .mapValues { Set($0.map(\.pipeline)) }
        #expect(lists.count == 2)
        let sets = Array(lists.values)
        #expect(sets.count == 2 && sets[0] == sets[1] && sets[0].count >= 7, "\(sets.map(\.count))")
    }
}
