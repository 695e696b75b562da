import CodeSize
import Foundation
import Pipelines
import GRDB
import Store
import Testing
import TestSupport

@Suite struct ResultStoreTests {
    static func sizes(_ binary: Int) -> SizeMeasurement {
        SizeMeasurement(
            instructionCount: 10, sizes: ObjectSizes(sections: [Section(name: ".text", size: binary, category: .text)]),
            llvmVersion: "19.1.7", measurementProtocol: .shipping, pipeline: "")
    }

    @Test func migratesToWALAndKeepsEveryFact() throws {
        let directory = Fixtures.temporaryDirectory("store")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try ResultStore(path: directory + "/results.sqlite")
        #expect(try store.journalMode() == "wal")
        #expect(
            try store.appliedMigrations() == [
                "v1: programs, pipelines, runs, measurements", "v2: verdicts", "v3: run owner",
                "v4: partial verdicts", "v5: program outcomes by object", "v6: shard progress",
                "v7: tune results",
            ])
        let program = try store.program(contentHash: "abc", llvmVersion: "19.1.7", name: "a.ll", instructionCount: 10)
        let again = try store.program(
            contentHash: "abc", llvmVersion: "19.1.7", name: "renamed.ll", instructionCount: 10)
        #expect(program.id == again.id, "a program is its content hash and LLVM version")
        let other = try store.program(contentHash: "abc", llvmVersion: "20.1.0", name: "a.ll", instructionCount: 10)
        #expect(other.id != program.id)

        let run = try store.startRun(
            command: "autotune a.ll", seed: 7, budget: 100, llvmVersion: "19.1.7", measurementProtocol: .shipping)
        try store.record(
            [
                MeasurementRecord(
                    pipeline: "module(default<Oz>)", measurementProtocol: .shipping, llvmVersion: "19.1.7",
                    outcome: .measured, sizes: Self.sizes(100), seconds: 0.02),
                MeasurementRecord(
                    pipeline: "function(licm,gvn)", measurementProtocol: .shipping, llvmVersion: "19.1.7",
                    outcome: .crashed,
                    detail: "LLVM ERROR: LICM requires MemorySSA", sizes: nil, seconds: 0.01),
                MeasurementRecord(
                    pipeline: "module(default<Oz>)", measurementProtocol: .paper, llvmVersion: "19.1.7",
                    outcome: .measured, sizes: Self.sizes(140), seconds: 0.02),
            ], program: program, run: run)
        // Recording the same evaluation again keeps the first.
        try store.record(
            [
                MeasurementRecord(
                    pipeline: "module(default<Oz>)", measurementProtocol: .shipping, llvmVersion: "19.1.7",
                    outcome: .measured, sizes: Self.sizes(999), seconds: 0.02)
            ], program: program, run: run)
        #expect(try store.measurementCount() == 3)
        let shipping = try store.measurements(of: program, measurementProtocol: .shipping)
        #expect(shipping["module(default<Oz>)"]?.binarySize == 100)
        #expect(shipping["module(default<Oz>)"]?.codegen == "O2")
        #expect(shipping["function(licm,gvn)"]?.outcome == .crashed)
        #expect(shipping["function(licm,gvn)"]?.detail.contains("MemorySSA") == true)
        #expect(
            try store.measurements(of: program, measurementProtocol: .paper)["module(default<Oz>)"]?.binarySize == 140)
        try store.finishRun(run, status: "finished")
        #expect(try store.runs().last?.status == "finished")
        #expect(try store.runs().last?.seed == 7)

        // Reopening keeps everything and applies nothing twice.
        let reopened = try ResultStore(path: directory + "/results.sqlite")
        #expect(try reopened.measurementCount() == 3)
    }

    @Test func concurrentWritersDoNotLoseWork() throws {
        let directory = Fixtures.temporaryDirectory("store-concurrent")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/results.sqlite"
        let stores = try (0..<4).map { _ in try ResultStore(path: path) }
        let program = try stores[0].program(contentHash: "p", llvmVersion: "19.1.7", name: "p.ll", instructionCount: 1)
        DispatchQueue.concurrentPerform(iterations: 4) { writer in
            for index in 0..<50 {
                try? stores[writer].record(
                    [
                        MeasurementRecord(
                            pipeline: Pipeline(elements: [
                                .init(name: "function", children: [.init(name: "p\(writer)-\(index)")])
                            ]),
                            measurementProtocol: .shipping,
                            llvmVersion: "19.1.7", outcome: .measured, sizes: Self.sizes(index), seconds: 0)
                    ],
                    program: program, run: nil)
            }
        }
        #expect(try stores[1].measurementCount() == 200)
    }

    @Test func refusesAStoreFromANewerSchema() throws {
        let directory = Fixtures.temporaryDirectory("store-newer")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/results.sqlite"
        _ = try ResultStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')")
        }
        #expect(throws: ResultStore.Error.self) { try ResultStore(path: path) }
    }

    @Test func unwritablePathIsAClearError() {
        do {
            _ = try ResultStore(path: "/proc/passlab/results.sqlite")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("--db"))
        }
    }
}
