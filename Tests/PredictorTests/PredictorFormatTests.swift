import CodeSize
import Foundation
import LLVMBridge
@testable import Predictor
import Testing
import TestSupport
import Toolchain

/// The predictor file's format 2 (rows as `NumberRow` strings), format 1
/// still read, and `passlab predictor upgrade` / `bench predictor-load` as a
/// user runs them, on the shipped models.
@Suite struct PredictorFormatTests {
    @Test func rowsGiveBackEveryValueBitForBit() throws {
        let values: [Double?] = [
            0, -0.0, 1, -3, 0.1116, -0.0121, nil, 0.0001, 1e-05, -2.5e-07, 123_456.789_012, 0.1 + 0.2, .pi, -1e300,
            4_503_599_627_370_497, nil,
        ]
        let text = NumberRow.encode(values)
        #expect(text.hasPrefix("0 -0 1 -3 0.1116 -0.0121 x 0.0001 1e-05 "))
        let decoded = try #require(NumberRow.decode(text))
        #expect(decoded.count == values.count)
        for (value, back) in zip(values, decoded) {
            #expect(value?.bitPattern == back?.bitPattern, "\(String(describing: value))")
        }
        // The fast path gives what the standard library's conversion gives, on
        // numbers as training writes them (rounded to 4 decimals) and on others.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let raw = Double.random(in: -40...40, using: &generator)
            for value in [(raw * 10_000).rounded() / 10_000, raw, raw / 1e6] {
                let text = value.description
                #expect(NumberRow.decode(text)?.first??.bitPattern == Double(text)!.bitPattern, "\(text)")
            }
        }
        #expect(NumberRow.decode("") == [])
        for bad in ["1,2", "1  2", "abc", "1 -", " 1", "1 ", "0.5.5", "null"] {
            #expect(NumberRow.decode(bad) == nil, "\(bad)")
        }
    }

    @Test func theShippedModelsAreInTheCurrentFormatAndFormat1StillLoads() throws {
        let directory = Fixtures.temporaryDirectory("predictor-format")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for protocolName in ProtocolName.allCases {
            let path = try PredictorModel.bundledPath(protocolName)
            let model = try PredictorModel.load(path: path)
            // What `predictor train` would write for it, byte for byte: the file was made by this code.
            #expect(model.formatVersion == PredictorModel.formatVersion)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == model.encoded())
            let old = directory + "/\(protocolName.rawValue)-1.json"
            let bytes = try model.encodedAsFormat1()
            try bytes.write(to: URL(fileURLWithPath: old))
            let object = try #require(try JSONSerialization.jsonObject(with: bytes) as? [String: Any])
            #expect(object["formatVersion"] as? Int == 1)
            let first = try #require((object["programs"] as? [[String: Any]])?.first)
            #expect(first["gains"] is [Any] && first["features"] is [Any], "format 1 keeps rows as arrays")
            let loaded = try PredictorModel.load(path: old)
            #expect(loaded.formatVersion == 1)
            #expect(try loaded.encoded() == model.encoded())
            // Same picks for a real program.
            let features = try Context().parseIR(
                try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.root + "/Tests/Fixtures/prompts/bits.ll"))),
                name: "bits"
            ).features
            #expect(
                loaded.rankedLists(for: features, count: 10).map(\.action)
                    == model.rankedLists(for: features, count: 10).map(\.action))
        }
    }

    @Test func aFileOfAnotherFormatOrWithABrokenRowIsRefusedNamingIt() throws {
        let directory = Fixtures.temporaryDirectory("predictor-format-bad")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = try PredictorModel.bundled(.paper)
        var object = try #require(try JSONSerialization.jsonObject(with: model.encoded()) as? [String: Any])
        func expectRefused(_ name: String, saying reason: String) throws {
            let path = directory + "/\(name).json"
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
            #expect {
                try PredictorModel.load(path: path)
            } throws: { error in
                "\(error)".contains(path) && "\(error)".contains(reason)
            }
        }
        object["formatVersion"] = 3
        try expectRefused("future", saying: "format version 3, this PassLab reads 1 to 2")
        object["formatVersion"] = 2
        var programs = try #require(object["programs"] as? [[String: Any]])
        programs[0]["gains"] = "0.1 oops"
        object["programs"] = programs
        try expectRefused("broken", saying: "gains is not numbers and x separated by spaces")
    }

    @Test func anEditThatNoLongerAppliesIsRefusedByTheFullCheckAndWhenProposed() throws {
        let directory = Fixtures.temporaryDirectory("predictor-edit")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var model = try PredictorModel.bundled(.shipping)
        // The shipped file passes the full check `bundled` leaves to the tests, and both load the same model.
        #expect(try PredictorModel.load(path: PredictorModel.bundledPath(.shipping)).encoded() == model.encoded())
        let index = try #require(model.lists.firstIndex { $0.edits != nil })
        model.lists[index].edits = [.delete(path: [9_999])]
        let path = directory + "/stale.json"
        try model.encoded().write(to: URL(fileURLWithPath: path))
        #expect {
            try PredictorModel.load(path: path)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("an edit action does not apply to its base")
        }
        // Loaded as `bundled` loads (edits applied when proposed), the list is refused when proposed.
        let unchecked = try PredictorModel.load(path: path, appliesEdits: false)
        #expect(throws: (any Error).self) { try unchecked.proposal(for: unchecked.lists[index]) }
        #expect(try unchecked.proposal(for: unchecked.lists[index == 0 ? 1 : 0]).pipeline.text.isEmpty == false)
    }

    static func passlab(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest(Fixtures.passlabExecutable, arguments, timeout: 300))
    }

    @Test func upgradeRewritesAFormat1FileAndRefusesWhatItCannotRead() throws {
        let directory = Fixtures.temporaryDirectory("predictor-upgrade")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let model = try PredictorModel.bundled(.shipping)
        let old = directory + "/old.json", new = directory + "/new.json"
        try model.encodedAsFormat1().write(to: URL(fileURLWithPath: old))
        let result = try Self.passlab(["predictor", "upgrade", old, "-o", new])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        #expect(result.stdoutText.contains("wrote \(new) (format 2)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: new)) == model.encoded())
        // In place.
        let inPlace = try Self.passlab(["predictor", "upgrade", old, "-o", old])
        #expect(inPlace.termination == .exited(0), "\(inPlace.stderrText)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: old)) == model.encoded())
        // Not a predictor: a clear error naming the file, nothing written.
        let junk = directory + "/junk.json", out = directory + "/out.json"
        try Data("{\"formatVersion\": 1}".utf8).write(to: URL(fileURLWithPath: junk))
        let refused = try Self.passlab(["predictor", "upgrade", junk, "-o", out])
        #expect(refused.termination != .exited(0))
        #expect(refused.stderrText.contains("cannot read the predictor \(junk)"), "\(refused.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func benchPredictorLoadTimesBothFormatsOfBothModels() throws {
        let result = try Self.passlab(["bench", "predictor-load", "--loads", "2", "--json"])
        #expect(result.termination == .exited(0), "\(result.stderrText)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [String: Any])
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect(rows.map { $0["protocolName"] as? String } == ["shipping", "shipping", "paper", "paper"])
        #expect(rows.map { $0["formatVersion"] as? Int } == [1, 2, 1, 2])
        for row in rows {
            #expect(row["loads"] as? Int == 2)
            #expect((row["medianMilliseconds"] as? Double ?? 0) > 0)
            #expect((row["bytes"] as? Int ?? 0) > 100_000)
        }
        let ratios = try #require(report["currentOverFormat1"] as? [String: Double])
        #expect(Set(ratios.keys) == ["shipping", "paper"])
        let bundled = try #require(report["bundledMedianMilliseconds"] as? [String: Double])
        #expect(Set(bundled.keys) == ["shipping", "paper"] && bundled.values.allSatisfy { $0 > 0 })
        let usage = try Self.passlab(["bench", "predictor-load", "--loads", "0"])
        #expect(usage.termination != .exited(0))
        #expect(usage.stderrText.contains("--loads must be at least 1, got 0"))
    }
}
