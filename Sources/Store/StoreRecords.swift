import CodeSize
import Foundation
import GRDB
import Pipelines

/// A program as stored: identified by the hash of its IR and the LLVM
/// version (the same IR measured by another LLVM is another program).
public struct StoredProgram: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "program"
    public var id: Int64?
    public var contentHash: String
    public var llvmVersion: String
    public var name: String
    public var benchmark: String
    public var instructionCount: Int
    public var createdAt: Date
}

/// How one stored evaluation ended.
public enum StoredOutcome: String, Sendable, Codable {
    case measured, failed, crashed, timedOut
    /// The verifier rejected the module the pipeline left (never measured).
    case brokenModule
}

/// One stored evaluation.
public struct StoredMeasurement: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "measurement"
    public var id: Int64?
    public var programId: Int64
    public var pipelineId: Int64
    public var runId: Int64?
    public var protocolKey: String
    public var protocolName: String
    public var codegen: String
    public var reloc: String
    public var triple: String
    public var llvmVersion: String
    public var outcome: StoredOutcome
    public var detail: String
    public var instructionCount: Int?
    public var text: Int?
    public var data: Int?
    public var bss: Int?
    public var binarySize: Int?
    public var seconds: Double
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, programId = "programId", pipelineId = "pipelineId", runId = "runId", protocolKey, protocolName,
            codegen, reloc,
            triple, llvmVersion, outcome, detail, instructionCount, text, data, bss, binarySize, seconds, createdAt
    }
}

/// One command's run: what it was asked and with which seed and budget.
public struct StoredRun: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "run"
    public var id: Int64?
    public var command: String
    public var seed: Int64
    public var budget: Int
    public var llvmVersion: String
    public var protocolKey: String
    public var startedAt: Date
    public var finishedAt: Date?
    public var status: String
    /// The process that ran it and its host: a run left "running" by a
    /// process that no longer exists is marked "abandoned" on the next open.
    /// Nil for runs stored before the owner was recorded.
    public var ownerPID: Int64?
    public var ownerHost: String?
}

/// What to record for one evaluation.
public struct MeasurementRecord: Sendable {
    public var pipeline: String
    public var measurementProtocol: MeasurementProtocol
    public var llvmVersion: String
    public var outcome: StoredOutcome
    public var detail: String
    public var sizes: SizeMeasurement?
    public var seconds: Double

    public init(
        pipeline: String, measurementProtocol: MeasurementProtocol, llvmVersion: String, outcome: StoredOutcome,
        detail: String = "", sizes: SizeMeasurement?, seconds: Double
    ) {
        self.pipeline = pipeline
        self.measurementProtocol = measurementProtocol
        self.llvmVersion = llvmVersion
        self.outcome = outcome
        self.detail = detail
        self.sizes = sizes
        self.seconds = seconds
    }
}

extension ResultStore {
    /// The program's row, inserted on first sight (idempotent).
    public func program(
        contentHash: String, llvmVersion: String, name: String, benchmark: String = "",
        instructionCount: Int
    ) throws -> StoredProgram {
        if let postgres {
            return try postgres.program(
                contentHash: contentHash, llvmVersion: llvmVersion, name: name, benchmark: benchmark,
                instructionCount: instructionCount)
        }
        return try pool.write { db in
            if let existing = try StoredProgram.filter(
                Column("contentHash") == contentHash && Column("llvmVersion") == llvmVersion
            ).fetchOne(db) {
                return existing
            }
            var program = StoredProgram(
                id: nil, contentHash: contentHash, llvmVersion: llvmVersion, name: name, benchmark: benchmark,
                instructionCount: instructionCount, createdAt: Date())
            try program.insert(db)
            program.id = db.lastInsertedRowID
            return program
        }
    }

    /// The program's row if it was ever stored.
    public func existingProgram(contentHash: String, llvmVersion: String) throws -> StoredProgram? {
        if let postgres { return try postgres.existingProgram(contentHash: contentHash, llvmVersion: llvmVersion) }
        return try pool.read { db in
            try StoredProgram.filter(Column("contentHash") == contentHash && Column("llvmVersion") == llvmVersion)
                .fetchOne(db)
        }
    }

    /// Records evaluations of one program in one transaction. A measurement
    /// already stored for the same (program, pipeline, protocol) is kept.
    public func record(_ records: [MeasurementRecord], program: StoredProgram, run: StoredRun?) throws {
        guard let programID = program.id else { return }
        if let postgres { return try postgres.record(records, programID: programID, runID: run?.id) }
        try pool.write { db in
            for record in records {
                let pipelineID = try Self.pipelineID(record.pipeline, db: db)
                let key = record.measurementProtocol.storeKey
                let exists =
                    try StoredMeasurement.filter(
                        Column("programId") == programID && Column("pipelineId") == pipelineID
                            && Column("protocolKey") == key
                    ).fetchCount(db) > 0
                if exists { continue }
                let sizes = record.sizes
                let row = StoredMeasurement(
                    id: nil, programId: programID, pipelineId: pipelineID, runId: run?.id, protocolKey: key,
                    protocolName: record.measurementProtocol.name.rawValue,
                    codegen: record.measurementProtocol.codeGen.rawValue,
                    reloc: record.measurementProtocol.reloc.rawValue, triple: record.measurementProtocol.triple,
                    llvmVersion: record.llvmVersion, outcome: record.outcome, detail: record.detail,
                    instructionCount: sizes?.instructionCount, text: sizes?.text, data: sizes?.data, bss: sizes?.bss,
                    binarySize: sizes?.binarySize, seconds: record.seconds, createdAt: Date())
                try row.insert(db)
            }
        }
    }

    /// Stored results of a program under a protocol, keyed by pipeline text:
    /// what a resumed run must not evaluate again.
    public func measurements(
        of program: StoredProgram, measurementProtocol: MeasurementProtocol
    ) throws -> [String: StoredMeasurement] {
        guard let programID = program.id else { return [:] }
        if let postgres {
            return try postgres.measurements(programID: programID, protocolKey: measurementProtocol.storeKey)
        }
        return try pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT measurement.*, pipeline.text AS pipelineText FROM measurement
                    JOIN pipeline ON pipeline.id = measurement.pipelineId
                    WHERE measurement.programId = ? AND measurement.protocolKey = ?
                    """, arguments: [programID, measurementProtocol.storeKey])
            var result: [String: StoredMeasurement] = [:]
            for row in rows {
                result[row["pipelineText"]] = try StoredMeasurement(row: row)
            }
            return result
        }
    }

    /// Starts a run (status "running").
    public func startRun(
        command: String, seed: Int64, budget: Int, llvmVersion: String, measurementProtocol: MeasurementProtocol
    ) throws -> StoredRun {
        let started = StoredRun(
            id: nil, command: command, seed: seed, budget: budget, llvmVersion: llvmVersion,
            protocolKey: measurementProtocol.storeKey, startedAt: Date(), finishedAt: nil, status: "running",
            ownerPID: Int64(getpid()), ownerHost: RunOwner.host)
        if let postgres { return try postgres.insert(run: started) }
        return try pool.write { db in
            var run = started
            try run.insert(db)
            run.id = db.lastInsertedRowID
            return run
        }
    }

    /// Marks a run finished ("finished", "interrupted", ...).
    public func finishRun(_ run: StoredRun, status: String) throws {
        var finished = run
        finished.finishedAt = Date()
        finished.status = status
        if let postgres {
            guard let id = run.id else { return }
            return try postgres.finish(runID: id, status: status, at: finished.finishedAt ?? Date())
        }
        try pool.write { db in try finished.update(db) }
    }

    /// All runs, oldest first.
    public func runs() throws -> [StoredRun] {
        if let postgres { return try postgres.runs() }
        return try pool.read { db in try StoredRun.order(Column("id")).fetchAll(db) }
    }

    /// Number of stored measurements (all programs, all protocols).
    public func measurementCount() throws -> Int {
        if let postgres { return try postgres.measurementCount() }
        return try pool.read { db in try StoredMeasurement.fetchCount(db) }
    }

    static func pipelineID(_ text: String, db: Database) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM pipeline WHERE text = ?", arguments: [text]) {
            return id
        }
        let length = (try? Pipeline(parsing: text))?.elements.count ?? 0
        try db.execute(sql: "INSERT INTO pipeline (text, length) VALUES (?, ?)", arguments: [text, length])
        return db.lastInsertedRowID
    }
}

extension ResultStore {
    /// Every protocol the store holds measurements under whose key is
    /// current (measurements made under an older key rule are left out),
    /// with how many programs each has: what `report autotune` can report on.
    public func storedProtocols() throws -> [(measurementProtocol: MeasurementProtocol, programs: Int)] {
        let rows =
            try postgres?.storedProtocolRows()
            ?? pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT protocolKey, protocolName, codegen, reloc, triple, COUNT(DISTINCT programId) AS programs
                        FROM measurement GROUP BY protocolKey ORDER BY protocolKey
                        """
                ).map { row in
                    (
                        key: row["protocolKey"] as String, name: row["protocolName"] as String,
                        codegen: row["codegen"] as String,
                        reloc: row["reloc"] as String, triple: row["triple"] as String, programs: row["programs"] as Int
                    )
                }
            }
        return rows.compactMap { row -> (MeasurementProtocol, Int)? in
            guard let name = ProtocolName(rawValue: row.name) else { return nil }
            let candidate = MeasurementProtocol(
                name, codeGen: CodeGenLevel(rawValue: row.codegen),
                reloc: RelocationModel(rawValue: row.reloc), triple: row.triple)
            return candidate.storeKey == row.key ? (candidate, row.programs) : nil
        }
    }
}
