import CodeSize
import Foundation
import GRDB
import Pipelines

/// A program as stored: identified by the hash of its IR and the LLVM
/// version (the same IR measured by another LLVM is another program).
public struct StoredProgram: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    /// The table of programs, "program" in both backends.
    public static let databaseTableName = "program"
    /// Row id; nil until inserted (`ResultStore.program(contentHash:llvmVersion:name:benchmark:instructionCount:)`
    /// returns it filled in).
    public var id: Int64?
    /// SHA-256 (hex) of the module's IR bytes as measured; with `llvmVersion`, the unique key.
    public var contentHash: String
    /// The LLVM that measures it (`PassCatalog.llvmVersion`, e.g. "19.1.7"); part of the key.
    public var llvmVersion: String
    /// The name it was first stored under (autotune: the input path); a later name for the same IR is not recorded.
    public var name: String
    /// The program's group: autotune stores the input's parent directory name; "" when none.
    public var benchmark: String
    /// IR instructions of the module as loaded, before any pass.
    public var instructionCount: Int
    /// When the row was first inserted.
    public var createdAt: Date
}

/// How one stored evaluation ended.
public enum StoredOutcome: String, Sendable, Codable {
    /// `measured`: the object was sized. `failed`: LLVM reported an error (a pipeline that does not parse, a code
    /// generation failure). `crashed`: the worker died on it (a signal, an abort). `timedOut`: killed at the engine's
    /// time-out.
    case measured, failed, crashed, timedOut
    /// The verifier rejected the module the pipeline left (never measured).
    case brokenModule
}

/// One stored evaluation.
public struct StoredMeasurement: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    /// The table of evaluations, "measurement" in both backends.
    public static let databaseTableName = "measurement"
    /// Row id; nil for a value not read from the store.
    public var id: Int64?
    /// The `StoredProgram` row measured.
    public var programId: Int64
    /// The row of the pipeline table holding the `opt -p` text (which
    /// `ResultStore.measurements(of:measurementProtocol:)` keys its result by).
    public var pipelineId: Int64
    /// The `StoredRun` that made it; nil when recorded outside a run, or when that run's row was deleted.
    public var runId: Int64?
    /// `MeasurementProtocol.storeKey` of the protocol; with the program and pipeline, the unique key.
    public var protocolKey: String
    /// The protocol's name ("shipping", "paper"), kept apart so that `storedProtocols()` can rebuild the protocol.
    public var protocolName: String
    /// The code generation level's raw value ("O0"..."O3").
    public var codegen: String
    /// The relocation model's raw value ("pic", "static", "default").
    public var reloc: String
    /// The target triple ("x86_64-unknown-linux-gnu").
    public var triple: String
    /// The LLVM version of the worker that evaluated it.
    public var llvmVersion: String
    /// How the evaluation ended; only `.measured` has sizes.
    public var outcome: StoredOutcome
    /// Why there is no size (LLVM's message, the crash report, the time-out); "" when measured.
    public var detail: String
    /// IR instructions after the pipeline, before code generation; nil unless measured.
    public var instructionCount: Int?
    /// Bytes of Berkeley text (executable and read-only sections) of the object; nil unless measured.
    public var text: Int?
    /// Bytes of Berkeley data (writable sections with contents); nil unless measured.
    public var data: Int?
    /// Bytes of Berkeley bss (zero-filled, not in `binarySize`); nil unless measured.
    public var bss: Int?
    /// Bytes of text + data: the paper's binary size and the autotuner's cost; nil unless measured.
    public var binarySize: Int?
    /// Wall-clock seconds as the caller measured them (the autotuner: its batch's time divided by the batch's
    /// evaluations, so an average).
    public var seconds: Double
    /// When the row was inserted.
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, programId = "programId", pipelineId = "pipelineId", runId = "runId", protocolKey, protocolName,
            codegen, reloc,
            triple, llvmVersion, outcome, detail, instructionCount, text, data, bss, binarySize, seconds, createdAt
    }
}

/// One command's run: what it was asked and with which seed and budget.
public struct StoredRun: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    /// The table of runs, "run" in both backends.
    public static let databaseTableName = "run"
    /// Row id; nil until `ResultStore.startRun(command:seed:budget:llvmVersion:measurementProtocol:)` inserts it.
    public var id: Int64?
    /// The command line as the caller gave it (`passlab autotune` redacts URL passwords first with
    /// `StoreLocation.redacted`).
    public var command: String
    /// The search's seed (a `UInt64` stored by its bit pattern).
    public var seed: Int64
    /// Evaluations per program the random search was given.
    public var budget: Int
    /// The LLVM version the run measured with.
    public var llvmVersion: String
    /// `MeasurementProtocol.storeKey` of the run's protocol.
    public var protocolKey: String
    /// When the run started.
    public var startedAt: Date
    /// When it ended (finished, interrupted, or found abandoned); nil while it is "running".
    public var finishedAt: Date?
    /// "running", "finished", "interrupted" (stopped, e.g. by Ctrl-C) or "abandoned" (its process died without saying:
    /// `markAbandonedRuns()`).
    public var status: String
    /// The process that ran it and its host: a run left "running" by a
    /// process that no longer exists is marked "abandoned" on the next open.
    /// Nil for runs stored before the owner was recorded.
    public var ownerPID: Int64?
    /// The host name of `ownerPID`'s machine: only this host's runs are checked for a dead owner.
    public var ownerHost: String?
}

/// What to record for one evaluation.
public struct MeasurementRecord: Sendable {
    /// The pipeline evaluated (its text is stored once in the pipeline table).
    public var pipeline: Pipeline
    /// The protocol measured under, stored as its `storeKey` and its parts.
    public var measurementProtocol: MeasurementProtocol
    /// The LLVM version that evaluated it.
    public var llvmVersion: String
    /// How the evaluation ended.
    public var outcome: StoredOutcome
    /// Why there is no size (LLVM's message, the crash report); "" when measured.
    public var detail: String
    /// The measurement; nil when there is no size (every outcome but `.measured`).
    public var sizes: SizeMeasurement?
    /// Wall-clock seconds the evaluation took, as the caller measured them.
    public var seconds: Double

    /// An evaluation for `ResultStore.record(_:program:run:)`; `detail` defaults to "" (a measured evaluation).
    public init(
        pipeline: Pipeline, measurementProtocol: MeasurementProtocol, llvmVersion: String, outcome: StoredOutcome,
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

    /// Stored results of a program under a protocol, keyed by pipeline: what a
    /// resumed run must not evaluate again (a stored text that does not parse
    /// as a pipeline is left out: nothing could ask for it).
    public func measurements(
        of program: StoredProgram, measurementProtocol: MeasurementProtocol
    ) throws -> [Pipeline: StoredMeasurement] {
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
            var result: [Pipeline: StoredMeasurement] = [:]
            for row in rows {
                guard let pipeline = try? Pipeline(parsing: row["pipelineText"] as String) else { continue }
                result[pipeline] = try StoredMeasurement(row: row)
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

    static func pipelineID(_ pipeline: Pipeline, db: Database) throws -> Int64 {
        let text = pipeline.text
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM pipeline WHERE text = ?", arguments: [text]) {
            return id
        }
        let length = pipeline.elements.count
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
