import CodeSize
import Foundation
import Pipelines
import PostgresNIO

/// The SQLite store's record-level API in PostgreSQL (see `ResultStore`
/// for what each does and why); the same keys, the same "first one wins".
extension PostgresStore {
    static let programColumns =
        #""id", "contentHash", "llvmVersion", "name", "benchmark", "instructionCount", "createdAt""#

    static func program(_ row: PostgresRandomAccessRow) throws -> StoredProgram {
        StoredProgram(
            id: try row.value("id", as: Int64.self), contentHash: try row.value("contentHash"),
            llvmVersion: try row.value("llvmVersion"), name: try row.value("name"),
            benchmark: try row.value("benchmark"), instructionCount: try row.int("instructionCount"),
            createdAt: try row.value("createdAt"))
    }

    func program(
        contentHash: String, llvmVersion: String, name: String, benchmark: String,
        instructionCount: Int
    ) throws -> StoredProgram {
        try session.write { db in
            try db.execute(
                #"""
                INSERT INTO program ("contentHash", "llvmVersion", "name", "benchmark", "instructionCount", "createdAt")
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
                """#,
                [
                    .text(contentHash), .text(llvmVersion), .text(name), .text(benchmark),
                    .int(instructionCount), .date(Date()),
                ])
            let rows = try db.rows(
                #"SELECT \#(Self.programColumns) FROM program WHERE "contentHash" = $1 AND "llvmVersion" = $2"#,
                [.text(contentHash), .text(llvmVersion)])
            return try Self.program(rows[0])
        }
    }

    func existingProgram(contentHash: String, llvmVersion: String) throws -> StoredProgram? {
        try session.read { db in
            try db.rows(
                #"SELECT \#(Self.programColumns) FROM program WHERE "contentHash" = $1 AND "llvmVersion" = $2"#,
                [.text(contentHash), .text(llvmVersion)]
            ).first.map(Self.program)
        }
    }

    /// The pipelines' ids, each inserted on first sight by whichever writer comes first: one
    /// insert and one select for a whole batch. Sorted, so that two writers inserting the same
    /// texts take their locks in the same order and never deadlock.
    static func pipelineIDs(_ texts: [String], db: PostgresSession.Executor) throws -> [String: Int64] {
        let unique = Array(Set(texts)).sorted()
        guard !unique.isEmpty else { return [:] }
        var values: [PostgresValue] = []
        for text in unique {
            values += [.text(text), .int((try? Pipeline(parsing: text))?.elements.count ?? 0)]
        }
        let tuples = unique.indices.map { "($\($0 * 2 + 1), $\($0 * 2 + 2))" }.joined(separator: ", ")
        try db.execute(#"INSERT INTO pipeline ("text", "length") VALUES \#(tuples) ON CONFLICT DO NOTHING"#, values)
        let list = unique.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
        let rows = try db.rows(
            #"SELECT "id", "text" FROM pipeline WHERE "text" IN (\#(list))"#, unique.map { .text($0) })
        return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.value("text"), try $0.value("id")) })
    }

    /// One transaction, one insert of the batch's measurements. Two writers of the same
    /// measurements in different orders can deadlock; the session retries the loser.
    func record(_ records: [MeasurementRecord], programID: Int64, runID: Int64?) throws {
        guard !records.isEmpty else { return }
        try session.write { db in
            let texts = records.map(\.pipeline.text)
            let ids = try Self.pipelineIDs(texts, db: db)
            var values: [PostgresValue] = []
            var tuples: [String] = []
            // In the order the evaluations were made: ids keep that order, which the reports rely on.
            for (row, (record, text)) in zip(records, texts).enumerated() {
                let (used, sizes) = (record.measurementProtocol, record.sizes)
                tuples.append("(" + (1...18).map { "$\(row * 18 + $0)" }.joined(separator: ", ") + ")")
                values += [
                    .integer(programID), .integer(ids[text] ?? 0), .optional(runID), .text(used.storeKey),
                    .text(used.name.rawValue), .text(used.codeGen.rawValue), .text(used.reloc.rawValue),
                    .text(used.triple), .text(record.llvmVersion), .text(record.outcome.rawValue),
                    .text(record.detail), .optional(sizes?.instructionCount), .optional(sizes?.text),
                    .optional(sizes?.data), .optional(sizes?.bss), .optional(sizes?.binarySize),
                    .real(record.seconds), .date(Date()),
                ]
            }
            try db.execute(
                #"""
                INSERT INTO measurement ("programId", "pipelineId", "runId", "protocolKey", "protocolName", "codegen",
                  "reloc", "triple", "llvmVersion", "outcome", "detail", "instructionCount", "text", "data", "bss",
                  "binarySize", "seconds", "createdAt")
                VALUES \#(tuples.joined(separator: ", ")) ON CONFLICT DO NOTHING
                """#, values)
        }
    }

    static func measurement(_ row: PostgresRandomAccessRow) throws -> StoredMeasurement {
        StoredMeasurement(
            id: try row.value("id", as: Int64.self), programId: try row.value("programId"),
            pipelineId: try row.value("pipelineId"),
            runId: try row.value("runId"), protocolKey: try row.value("protocolKey"),
            protocolName: try row.value("protocolName"), codegen: try row.value("codegen"),
            reloc: try row.value("reloc"),
            triple: try row.value("triple"), llvmVersion: try row.value("llvmVersion"),
            outcome: StoredOutcome(rawValue: try row.value("outcome")) ?? .failed, detail: try row.value("detail"),
            instructionCount: try row.optionalInt("instructionCount"), text: try row.optionalInt("text"),
            data: try row.optionalInt("data"), bss: try row.optionalInt("bss"),
            binarySize: try row.optionalInt("binarySize"), seconds: try row.value("seconds"),
            createdAt: try row.value("createdAt"))
    }

    func measurements(programID: Int64, protocolKey: String) throws -> [Pipeline: StoredMeasurement] {
        try session.read { db in
            let rows = try db.rows(
                #"""
                SELECT measurement.*, pipeline."text" AS "pipelineText" FROM measurement
                JOIN pipeline ON pipeline."id" = measurement."pipelineId"
                WHERE measurement."programId" = $1 AND measurement."protocolKey" = $2
                """#, [.integer(programID), .text(protocolKey)])
            var result: [Pipeline: StoredMeasurement] = [:]
            for row in rows {
                guard let pipeline = try? Pipeline(parsing: try row.value("pipelineText", as: String.self)) else {
                    continue
                }
                result[pipeline] = try Self.measurement(row)
            }
            return result
        }
    }

    static func run(_ row: PostgresRandomAccessRow) throws -> StoredRun {
        StoredRun(
            id: try row.value("id", as: Int64.self), command: try row.value("command"), seed: try row.value("seed"),
            budget: try row.int("budget"), llvmVersion: try row.value("llvmVersion"),
            protocolKey: try row.value("protocolKey"), startedAt: try row.value("startedAt"),
            finishedAt: try row.value("finishedAt"), status: try row.value("status"),
            ownerPID: try row.value("ownerPID"), ownerHost: try row.value("ownerHost"))
    }

    func insert(run: StoredRun) throws -> StoredRun {
        try session.write { db in
            var stored = run
            stored.id = try db.rows(
                #"""
                INSERT INTO run ("command", "seed", "budget", "llvmVersion", "protocolKey", "startedAt", "finishedAt",
                  "status", "ownerPID", "ownerHost")
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING "id"
                """#,
                [
                    .text(run.command), .integer(run.seed), .int(run.budget), .text(run.llvmVersion),
                    .text(run.protocolKey), .date(run.startedAt), run.finishedAt.map { .date($0) } ?? .null,
                    .text(run.status), .optional(run.ownerPID), run.ownerHost.map { .text($0) } ?? .null,
                ])[0].value("id")
            return stored
        }
    }

    func finish(runID: Int64, status: String, at date: Date) throws {
        try session.write { db in
            try db.execute(
                #"UPDATE run SET "status" = $1, "finishedAt" = $2 WHERE "id" = $3"#,
                [.text(status), .date(date), .integer(runID)])
        }
    }

    func runs() throws -> [StoredRun] {
        try session.read { db in try db.rows(#"SELECT * FROM run ORDER BY "id""#).map(Self.run) }
    }

    func measurementCount() throws -> Int {
        try session.read { db in try db.rows("SELECT COUNT(*) AS n FROM measurement")[0].int("n") }
    }

    /// Runs "running" on `host` whose owner is dead are marked "abandoned" (re-checked in the update).
    func markAbandonedRuns(host: String, isAlive: (Int64) -> Bool) throws -> Int {
        let candidates = try session.read { db in
            try db.rows(#"SELECT * FROM run WHERE "status" = 'running' AND "ownerHost" = $1"#, [.text(host)]).map(
                Self.run)
        }
        let dead = candidates.filter { run in run.ownerPID.map { !isAlive($0) } ?? false }
        guard !dead.isEmpty else { return 0 }
        try session.write { db in
            for run in dead {
                try db.execute(
                    #"""
                    UPDATE run SET "status" = 'abandoned', "finishedAt" = $1 WHERE "id" = $2 AND "status" = 'running'
                    """#,
                    [.date(Date()), .optional(run.id)])
            }
        }
        return dead.count
    }

    func storedProtocolRows() throws -> [(
        key: String, name: String, codegen: String, reloc: String, triple: String, programs: Int
    )] {
        try session.read { db in
            try db.rows(
                #"""
                SELECT "protocolKey", MIN("protocolName") AS "protocolName", MIN("codegen") AS "codegen",
                       MIN("reloc") AS "reloc", MIN("triple") AS "triple", COUNT(DISTINCT "programId") AS programs
                FROM measurement GROUP BY "protocolKey" ORDER BY "protocolKey"
                """#
            ).map { row in
                (
                    try row.value("protocolKey"), try row.value("protocolName"), try row.value("codegen"),
                    try row.value("reloc"), try row.value("triple"), try row.int("programs")
                )
            }
        }
    }

    func summaryRows(protocolKey: String) throws -> [AutotuneSummary.MeasurementRow] {
        try session.read { db in
            try db.rows(
                #"""
                SELECT program."id" AS "programId", program."name" AS "name", program."benchmark" AS "benchmark",
                       program."contentHash" AS "contentHash", pipeline."text" AS "pipeline",
                       measurement."binarySize" AS "size", measurement."outcome" AS "outcome"
                FROM measurement JOIN program ON program."id" = measurement."programId"
                JOIN pipeline ON pipeline."id" = measurement."pipelineId"
                WHERE measurement."protocolKey" = $1
                ORDER BY program."id", measurement."id"
                """#, [.text(protocolKey)]
            ).map { row in
                AutotuneSummary.MeasurementRow(
                    programID: try row.value("programId"), name: try row.value("name"),
                    benchmark: try row.value("benchmark"), contentHash: try row.value("contentHash"),
                    pipeline: try row.value("pipeline"), size: try row.optionalInt("size"),
                    outcome: try row.value("outcome"))
            }
        }
    }
}
