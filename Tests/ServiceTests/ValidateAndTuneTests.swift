import Foundation
import Pipelines
import Service
import TestSupport
import Testing

/// PassListEval and tuning through the server, on the real suite and predictor.
@Suite struct ValidateAndTuneTests {
    @Test func validateRunsPassListEvalOnTheFirstProblems() throws {
        let directory = Fixtures.temporaryDirectory("serve-validate")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let harness = try ServiceHarness(humanEvalPath: Fixtures.humanEval, storePath: directory + "/store.sqlite")
        let report = try harness.result("validate", ["list": ["sroa", "instcombine"], "programs": 2])
        #expect(report["passed"] == true)
        #expect(report["verdict"] == "passed")
        #expect(report["programs"] == 2)
        #expect(report["failures"] == [])
        #expect(report["suite"]?.stringValue?.hasSuffix("[first 2]") == true, "a subset's verdict names the subset")
        let results = try #require(report["results"]?.arrayValue)
        #expect(results.compactMap { $0["program"]?.stringValue } == ["CPP/0", "CPP/1"])
        // Asked again, the stored verdict answers.
        #expect(try harness.result("validate", ["list": ["sroa", "instcombine"], "programs": 2])["cached"] == true)

        #expect(try harness.errorCode("validate", ["list": ["sroa"], "programs": -1]) == "invalid_params")
        #expect(try harness.errorCode("validate", ["list": "no-such-pass"]) == "invalid_params")
        #expect(try harness.errorCode("validate", ["list": ["sroa"], "programs": 0]) == "invalid_params")
    }

    @Test func tuneGivesTheFieldsOfTuneJSONAndIsNeverWorseThanOz() throws {
        let directory = Fixtures.temporaryDirectory("serve-tune")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // No HumanEval-X here: only lists validated at training time can win, so the test needs no validation run.
        let harness = try ServiceHarness(
            humanEvalPath: directory + "/none.jsonl.gz", storePath: directory + "/store.sqlite")
        let result = try harness.result("tune", ["path": .string(ServiceFixtures.bits), "budget": 1])
        let size = try #require(result["binarySize"]?.intValue)
        let oz = try #require(result["ozBinarySize"]?.intValue)
        #expect(size <= oz)
        #expect(result["provenance"]?["protocol"] == "shipping")
        #expect(result["pipeline"]?.stringValue?.isEmpty == false)
        #expect(result["compilations"] == 1)
        // The -Oz size is what a session's baseline says.
        let opened = try harness.result("session.open", ["path": .string(ServiceFixtures.bits)])
        #expect(opened["baselines"]?["oz"]?.intValue == oz)
        #expect(
            try harness.errorCode("tune", ["path": .string(ServiceFixtures.bits), "budget": 0]) == "invalid_params")
    }
}
