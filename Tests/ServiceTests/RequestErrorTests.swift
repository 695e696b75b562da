import Foundation
import Service
import TestSupport
import Testing

/// Bad requests get the documented error codes, with messages that name the
/// field and value, and the server keeps answering.
@Suite struct RequestErrorTests {
    @Test func malformedRequestsGetTheirCodesAndTheServerGoesOn() throws {
        let harness = try ServiceHarness(jobs: 1)
        let notJSON = try harness.send("this is not json")
        #expect(notJSON["id"] == .null)
        #expect(notJSON["error"]?["code"] == "parse_error")
        #expect(try harness.send("[1,2]")["error"]?["code"] == "invalid_request")
        #expect(
            try harness.send(#"{"id":7}"#) == [
                "id": 7,
                "error": [
                    "code": "invalid_request",
                    "message": #""method" is missing; give a method name such as "hello""#,
                ],
            ])
        #expect(try harness.send(#"{"id":true,"method":"hello"}"#)["error"]?["code"] == "invalid_request")
        #expect(
            try harness.send(#"{"id":"a","method":"hello","params":[1]}"#) == [
                "id": "a",
                "error": [
                    "code": "invalid_request",
                    "message": #""params" must be an object, not an array"#,
                ],
            ])
        let unknown = try harness.send(#"{"id":"x","method":"session.teleport"}"#)
        #expect(unknown["id"] == "x")
        #expect(unknown["error"]?["code"] == "unknown_method")
        #expect(unknown["error"]?["message"]?.stringValue?.contains("session.teleport") == true)
        #expect(try harness.send(#"{"id":3,"method":"hello"}"#)["result"]?["protocolVersion"] == 1)
    }

    @Test func badParamsNameTheFieldAndTheValue() throws {
        let harness = try ServiceHarness(jobs: 1)
        let id = try #require(
            try harness.result("session.open", ["ir": .string(ServiceFixtures.loopIR)])["session"]?.stringValue)
        func message(_ method: String, _ params: JSONValue) throws -> String {
            let response = try harness.call(method, params)
            #expect(response["error"]?["code"] == "invalid_params", "\(method) \(params)")
            return response["error"]?["message"]?.stringValue ?? ""
        }
        #expect(
            try message("session.step", ["session": .string(id), "action": 100_000]).contains(
                "action 100000 is not in the catalog"))
        #expect(
            try message("session.step", ["session": .string(id), "passes": ["sroa", "gvnn"]]).contains(
                "params.passes[1]"))
        #expect(try message("session.step", ["session": .string(id), "passes": ["sroa", "gvnn"]]).contains("gvn"))
        #expect(try message("session.step", ["session": .string(id)]).contains("exactly one"))
        #expect(
            try message("session.step", ["session": .string(id), "action": 1, "passes": ["gvn"]]).contains(
                "exactly one"))
        #expect(try message("session.step", ["session": .string(id), "actions": []]).contains("empty"))
        #expect(try message("session.step", ["session": .string(id), "action": "1"]).contains("\"1\""))
        #expect(
            try message("session.observe", ["session": .string(id), "spaces": ["Autophase", "Vibes"]]).contains(
                "params.spaces[1]"))
        #expect(
            try message("session.open", ["ir": .string(ServiceFixtures.loopIR), "protocol": "fast"]).contains(
                "params.protocol"))
        #expect(
            try message("session.open", ["ir": .string(ServiceFixtures.loopIR), "path": "/x.c"]).contains("not both"))
        #expect(try message("session.open", ["path": "/no/such/file.c"]).contains("/no/such/file.c"))
        #expect(try message("session.open", ["ir": 3]).contains("params.ir"))
        #expect(try message("session.step", ["sesion": .string(id), "action": 1]).contains("params.sesion"))
        #expect(try message("evaluate", ["ir": .string(ServiceFixtures.loopIR)]).contains("params.lists"))
        #expect(
            try message("evaluate", ["ir": .string(ServiceFixtures.loopIR), "lists": [[3.5]]]).contains(
                "params.lists[0][0]"))
        #expect(try harness.errorCode("session.observe", ["session": "s999", "spaces": []]) == "unknown_session")
        // The session survived all of it.
        #expect(try harness.result("session.step", ["session": .string(id), "action": 0])["outcome"] == "ok")
    }

    @Test func aModuleThatDoesNotParseIsAModuleErrorQuotingLLVM() throws {
        let harness = try ServiceHarness(jobs: 1)
        let response = try harness.call("session.open", ["ir": "define i32 @f( {", "name": "broken.ll"])
        #expect(response["error"]?["code"] == "module_error")
        #expect(response["error"]?["message"]?.stringValue?.contains("broken.ll:1:") == true)
        let directory = Fixtures.temporaryDirectory("serve-module-error")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "int main(void) { return undeclared; }\n".write(
            toFile: directory + "/bad.c", atomically: true, encoding: .utf8)
        let compile = try harness.call("session.open", ["path": .string(directory + "/bad.c")])
        #expect(compile["error"]?["code"] == "module_error")
        #expect(compile["error"]?["message"]?.stringValue?.contains("undeclared") == true)
        #expect(harness.server.sessionCount == 0)
    }

    @Test func limitsAreEnforcedAndNameTheirFlag() throws {
        let harness = try ServiceHarness(
            jobs: 1, limits: ServiceLimits(maxModuleBytes: 2000, maxSessions: 2, maxListLength: 3))
        func limit(_ method: String, _ params: JSONValue) throws -> String {
            let response = try harness.call(method, params)
            #expect(response["error"]?["code"] == "limit_exceeded", "\(method) \(params)")
            return response["error"]?["message"]?.stringValue ?? ""
        }
        let big = ServiceFixtures.loopIR + "\n" + String(repeating: "; padding\n", count: 200)
        #expect(try limit("session.open", ["ir": .string(big)]).contains("--max-module-bytes"))
        #expect(try limit("evaluate", ["ir": .string(big), "lists": [[]]]).contains("--max-module-bytes"))
        let directory = Fixtures.temporaryDirectory("serve-limits")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try big.write(toFile: directory + "/big.ll", atomically: true, encoding: .utf8)
        #expect(try limit("session.open", ["path": .string(directory + "/big.ll")]).contains("--max-module-bytes"))

        let first = try #require(
            try harness.result("session.open", ["ir": .string(ServiceFixtures.loopIR)])["session"]?.stringValue)
        _ = try harness.result("session.fork", ["session": .string(first)])
        #expect(try limit("session.open", ["ir": .string(ServiceFixtures.loopIR)]).contains("--max-sessions"))
        #expect(try limit("session.fork", ["session": .string(first)]).contains("--max-sessions"))
        #expect(
            try limit("session.step", ["session": .string(first), "actions": [0, 1, 2, 3]]).contains(
                "--max-list-length"))
        #expect(
            try limit("evaluate", ["session": .string(first), "lists": [[0], "sroa,gvn,sccp,dce"]]).contains(
                "--max-list-length"))
        // Closing one makes room again.
        _ = try harness.result("session.close", ["session": .string(first)])
        #expect(try harness.result("session.open", ["ir": .string(ServiceFixtures.loopIR)])["session"] != nil)
        // A request line past twice the module limit is refused before it is parsed.
        let line =
            #"{"id":1,"method":"hello","params":{"pad":""# + String(repeating: "x", count: 2 * 2000 + (1 << 20))
            + #""}}"#
        let refused = try harness.send(line)
        #expect(refused["error"]?["code"] == "limit_exceeded")
        #expect(refused["id"] == .null)
    }
}
