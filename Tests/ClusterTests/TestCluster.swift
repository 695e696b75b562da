import Foundation
import TestSupport
import Testing
import Toolchain

/// The Slurm cluster `scripts/slurm-test-cluster start` runs on this
/// machine (scripts/test starts it and sets SLURM_CONF and
/// PASSLAB_REQUIRE_SLURM=1). Without one, the tests that need it are
/// skipped, unless PASSLAB_REQUIRE_SLURM=1: then they fail, so CI never
/// passes without having run them.
enum TestCluster {
    static let defaultConfiguration =
        (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/passlab-slurm-test/slurm.conf"

    static var required: Bool { ProcessInfo.processInfo.environment["PASSLAB_REQUIRE_SLURM"] == "1" }

    /// SLURM_CONF of a cluster whose node answers, nil when there is none.
    static let configuration: String? = {
        let candidate = ProcessInfo.processInfo.environment["SLURM_CONF"] ?? defaultConfiguration
        guard FileManager.default.fileExists(atPath: candidate) else { return nil }
        let result = try? ProcessRunner.run(
            ProcessRequest(
                "sinfo", ["--noheader", "--format=%T"],
                environment: environment(candidate), timeout: 30))
        guard let result, result.termination.succeeded,
            result.stdoutText.contains("idle") || result.stdoutText.contains("mixed")
                || result.stdoutText.contains("alloc")
        else { return nil }
        return candidate
    }()

    /// Run the test: a cluster answers, or one is required (and the test fails in `conf()`).
    static var shouldRun: Bool { configuration != nil || required }

    /// The configuration, or a failure explaining how to get a cluster.
    static func conf() throws -> String {
        try #require(
            configuration,
            """
            PASSLAB_REQUIRE_SLURM=1 but no Slurm cluster answers \
            (SLURM_CONF=\(ProcessInfo.processInfo.environment["SLURM_CONF"] ?? "unset")); \
            start one with scripts/slurm-test-cluster start
            """)
    }

    static func environment(_ configuration: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SLURM_CONF"] = configuration
        return environment
    }

    static func run(_ tool: String, _ arguments: [String], conf: String) throws -> ProcessResult {
        try ProcessRunner.run(ProcessRequest(tool, arguments, environment: environment(conf), timeout: 60))
    }

    /// The scheduler's state of a job or array task ("RUNNING", "COMPLETED"...), "" once it forgot it.
    static func state(_ job: String, conf: String) throws -> (state: String, reason: String) {
        let result = try run(
            "squeue", ["--noheader", "--array", "--states=all", "--jobs=\(job)", "--format=%i|%T|%r"], conf: conf)
        for line in result.stdoutText.split(separator: "\n") {
            let fields = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.count == 3, fields[0] == job { return (fields[1], fields[2]) }
        }
        return ("", "")
    }

    static let finalStates: Set<String> = [
        "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "PREEMPTED", "OUT_OF_MEMORY",
        "BOOT_FAIL", "DEADLINE",
    ]

    /// Waits until the job is in one of its final states; that state.
    static func wait(
        for job: String, conf: String, timeout: Double = 900,
        until accept: (String, String) -> Bool = { state, _ in
            finalStates.contains(state)
        }
    ) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let (state, reason) = try state(job, conf: conf)
            if accept(state, reason) { return state }
            usleep(250_000)
        }
        throw CampaignFailure(message: "job \(job) not done after \(Int(timeout)) s: \(try state(job, conf: conf))")
    }

    /// The ids `passlab slurm autotune --submit` printed.
    static func submission(_ output: String) throws -> (array: String, broadcast: String) {
        let words = output.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let arrayIndex = words.firstIndex(of: "array"), let broadcastIndex = words.firstIndex(of: "broadcast"),
            arrayIndex + 2 < words.count, broadcastIndex + 2 < words.count
        else {
            throw CampaignFailure(message: "no job ids in: \(output)")
        }
        return (words[arrayIndex + 2], words[broadcastIndex + 2])
    }
}
