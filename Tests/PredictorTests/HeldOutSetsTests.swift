import Datasets
import Foundation
@testable import Predictor
import Testing
import TestSupport

/// The held-out figures mean something only if no predictor learned from
/// the code bases they are measured on: the committed unit lists and
/// matrices say which code bases trained, the held-out lists which are held
/// out.
@Suite struct HeldOutSetsTests {
    static let training = Fixtures.root + "/data/training"

    /// The `codeBase/unit.ll` lines of a unit list (comments left out).
    static func units(_ name: String) throws -> [String] {
        let text = try String(contentsOfFile: "\(training)/\(name)", encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    static func codeBases(_ units: [String]) -> Set<String> {
        Set(units.compactMap { $0.split(separator: "/").first.map(String.init) })
    }

    @Test func heldOutCodeBasesAreInNoTrainingSetAndInTheCorpusSpec() throws {
        var trained = Self.codeBases(try Self.units("units.txt") + Self.units("function-units.txt"))
        for matrix in ["matrix-shipping", "matrix-paper", "function-matrix-shipping"] {
            let loaded = try TrainingMatrix.load(path: "\(Self.training)/\(matrix).json.gz")
            #expect(!loaded.examples.isEmpty, "\(matrix)")
            trained.formUnion(loaded.examples.map(\.codeBase))
        }
        let specified = Set(
            try CorpusSpec.load(path: Fixtures.root + "/corpus/sources.json").spec.codeBases.map(\.name))
        #expect(specified.count >= 35, "corpus/sources.json lists the code bases")

        var seen: [String: String] = [:]
        for list in ["held-out.txt", "held-out-2.txt", "held-out-3.txt"] {
            let units = try Self.units(list)
            #expect(units.count >= 17, "\(list)")
            #expect(Set(units).count == units.count, "\(list) lists a unit twice")
            let heldOut = Self.codeBases(units)
            #expect(heldOut.isDisjoint(with: trained), "\(list): \(heldOut.intersection(trained).sorted()) trained")
            #expect(heldOut.isSubset(of: specified), "\(list): \(heldOut.subtracting(specified).sorted()) not pinned")
            for codeBase in heldOut {
                #expect(seen[codeBase] == nil, "\(codeBase) is in \(seen[codeBase] ?? "") and \(list)")
                seen[codeBase] = list
            }
        }
        #expect(seen.count == 13, "five, four and four held-out code bases (cJSON's units are over 160 KB of IR)")
    }
}
