import Foundation
import Pipelines
import Service
import TestSupport
import Testing
import Toolchain

/// `passlab serve` end to end: the real binary through a pipe.
@Suite struct ServeCommandTests {
    /// `passlab size FILE -p PIPELINE --json`'s binary size.
    static func passlabSize(_ file: String, _ pipeline: String) throws -> Int? {
        let result = try ProcessRunner.run(
            ProcessRequest(Fixtures.passlabExecutable, ["size", file, "-p", pipeline, "--json"], timeout: 300))
        guard result.termination.succeeded else { return nil }
        let object = try JSONDecoder().decode(JSONValue.self, from: Data(result.standardOutput))
        return object["binarySize"]?.intValue
    }

    @Test func pipelinedRequestsAreAnsweredInOrderAndSizesMatchPasslabSize() throws {
        let server = try ServeProcess(["--jobs", "2"])
        let file = ServiceFixtures.bits
        let lists: [JSONValue] = [[], ["default<Oz>"], ["sroa", "instcombine", "simplifycfg"], "clang-Oz"]
        // All requests written before any answer is read: answers come back in order, one line each.
        try server.write(
            try server.request(1, "hello")
                + "not json at all\n"
                + (try server.request(2, "evaluate", ["path": .string(file), "lists": .array(lists)]))
                + (try server.request(3, "session.open", ["path": .string(file)]))
                + (try server.request(
                    4, "session.step", ["session": "s1", "pipeline": .string(ServiceFixtures.crashingPipeline)]))
                + (try server.request(5, "session.step", ["session": "s1", "passes": ["sroa"]]))
                + (try server.request(6, "session.teleport")))
        #expect(try server.response()["result"]?["protocolVersion"] == 1)
        #expect(try server.response()["error"]?["code"] == "parse_error")
        let evaluated = try server.response()
        #expect(evaluated["id"] == 2)
        let results = try #require(evaluated["result"]?["results"]?.arrayValue)
        let pipelines = [
            "", "module(default<Oz>)",
            "function(sroa<modify-cfg>),function(instcombine<no-verify-fixpoint>),function(simplifycfg)",
            "clang-Oz",
        ]
        for (index, pipeline) in pipelines.enumerated() {
            let expected = try #require(try Self.passlabSize(file, pipeline), "passlab size -p \(pipeline)")
            #expect(results[index]["binarySize"]?.intValue == expected, "\(pipeline)")
        }
        let opened = try server.response()
        #expect(opened["result"]?["binarySize"] == results[0]["binarySize"])
        #expect(opened["result"]?["baselines"]?["oz"] == results[3]["binarySize"])
        let crashed = try server.response()
        #expect(crashed["result"]?["outcome"] == "crashed")
        #expect(crashed["result"]?["binarySize"] == opened["result"]?["binarySize"])
        #expect(try server.response()["result"]?["outcome"] == "ok")
        #expect(try server.response()["error"]?["code"] == "unknown_method")
        try server.write(try server.request(7, "shutdown") + (try server.request(8, "hello")))
        #expect(try server.response() == ["id": 7, "result": [:]])
        #expect(try server.readLine() == nil, "nothing is answered after shutdown")
        #expect(server.process.wait() == .exited(0))
    }

    @Test func aLineOverTheLimitIsSkippedAndAnswered() throws {
        let server = try ServeProcess(["--jobs", "1", "--max-module-bytes", "1000"])
        // 2 x 1000 + 1 MiB is the longest line read; this one is longer, and arrives in many reads.
        let long = #"{"id":1,"method":"hello","params":{"pad":""# + String(repeating: "y", count: 3 << 20) + #""}}"#
        let writer = Thread {
            try? server.write(
                long + "\n" + (try! server.request(2, "hello")) + "   \n" + (try! server.request(3, "passes")))
        }
        writer.start()
        let refused = try server.response()
        #expect(refused["id"] == .null)
        #expect(refused["error"]?["code"] == "limit_exceeded")
        #expect(refused["error"]?["message"]?.stringValue?.contains("--max-module-bytes") == true)
        #expect(try server.response()["id"] == 2, "the next line is answered; the blank one is skipped")
        #expect(try server.response()["id"] == 3)
    }

    @Test func otherTargetsWithClangArgumentsMatchPasslabSize() throws {
        let file = Fixtures.freestanding + "/crc16.c"
        let server = try ServeProcess(["--jobs", "2"])
        try server.write(
            try server.request(
                1, "session.open",
                ["path": .string(file), "triple": "thumbv7em-none-eabi", "clangArguments": ["-ffreestanding"]])
                + (try server.request(2, "session.observe", ["session": "s1", "spaces": ["Ir"]]))
                + (try server.request(3, "session.open", ["ir": .string(ServiceFixtures.loopIR), "triple": "riscv32"]))
                + (try server.request(
                    4, "session.open", ["ir": .string(ServiceFixtures.loopIR), "clangArguments": ["-O2"]])))
        let opened = try server.response()
        let size = try ProcessRunner.run(
            ProcessRequest(
                Fixtures.passlabExecutable,
                ["size", file, "--triple", "thumbv7em-none-eabi", "--json", "--", "-ffreestanding"], timeout: 300))
        #expect(size.termination == .exited(0), "\(size.stderrText)")
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(size.standardOutput))["binarySize"]
        #expect(opened["result"]?["binarySize"] == expected)
        let ir = try #require(try server.response()["result"]?["observations"]?["Ir"]?.stringValue)
        #expect(ir.contains("target triple = \"thumbv7em"))
        let mismatch = try server.response()
        #expect(mismatch["error"]?["code"] == "invalid_params")
        #expect(mismatch["error"]?["message"]?.stringValue?.contains("x86_64-unknown-linux-gnu") == true)
        #expect(try server.response()["error"]?["message"]?.stringValue?.contains("params.clangArguments") == true)
    }

    @Test func endOfInputIsAnOrderlyShutdown() throws {
        let server = try ServeProcess(["--jobs", "1"])
        try server.write(try server.request(1, "passes"))
        server.process.closeInput()
        #expect(try server.response()["result"]?["passes"]?.arrayValue?.count == PassCatalog.entries.count)
        #expect(try server.readLine() == nil)
        #expect(server.process.wait() == .exited(0))
    }

    @Test func badLimitsAreUsageErrors() throws {
        let result = try ProcessRunner.run(
            ProcessRequest(Fixtures.passlabExecutable, ["serve", "--max-sessions", "0"], timeout: 60))
        #expect(result.termination == .exited(64))
        #expect(result.stderrText.contains("--max-sessions"))
    }
}
