import Foundation
import GRDB
import PostgresNIO

/// `passlab store copy SRC DST`: every row of one store into another,
/// SQLite or PostgreSQL either way, in one transaction of the destination
/// (a failure leaves it as it was). Into an empty store the rows keep their
/// ids, so a round trip gives identical rows; with `append` into a store
/// that has rows, ids are mapped through each row's unique key and rows the
/// destination already has are kept as they are there.
public enum StoreCopy {
    /// What was copied, per table, in copy order.
    public struct Summary: Sendable, Equatable {
        /// Per table, in copy order: rows inserted (`copied`) and rows the destination already had, kept as they were
        /// there (`kept`).
        public var rows: [(table: String, copied: Int, kept: Int)]
        /// Equal when both list the same tables with the same counts in the same order (tuples are not `Equatable`
        /// themselves).
        public static func == (a: Self, b: Self) -> Bool {
            a.rows.map { "\($0.table) \($0.copied) \($0.kept)" } == b.rows.map { "\($0.table) \($0.copied) \($0.kept)" }
        }
    }

    enum Kind { case text, integer, real, boolean, date }

    struct Table {
        var name: String
        /// Every column but "id", in the schema's order.
        var columns: [(name: String, kind: Kind)]
        /// The unique key that finds a row the destination already has (empty: none).
        var key: [String]
        /// For a table without a unique key: the columns that say two rows are the same one, looked up
        /// before appending a row (a run copied twice is one run). Empty: every row is new.
        var identity: [String] = []
        /// Columns holding another table's id.
        var references: [String: String]
    }

    static let tables: [Table] = [
        Table(
            name: "program",
            columns: [
                ("contentHash", .text), ("llvmVersion", .text), ("name", .text), ("benchmark", .text),
                ("instructionCount", .integer), ("createdAt", .date),
            ],
            key: ["contentHash", "llvmVersion"], references: [:]),
        Table(name: "pipeline", columns: [("text", .text), ("length", .integer)], key: ["text"], references: [:]),
        Table(
            name: "run",
            columns: [
                ("command", .text), ("seed", .integer), ("budget", .integer), ("llvmVersion", .text),
                ("protocolKey", .text), ("startedAt", .date), ("finishedAt", .date), ("status", .text),
                ("ownerPID", .integer), ("ownerHost", .text),
            ],
            key: [],
            identity: [
                "command", "seed", "budget", "llvmVersion", "protocolKey", "startedAt", "ownerPID", "ownerHost",
            ],
            references: [:]),
        Table(
            name: "measurement",
            columns: [
                ("programId", .integer), ("pipelineId", .integer), ("runId", .integer), ("protocolKey", .text),
                ("protocolName", .text), ("codegen", .text), ("reloc", .text), ("triple", .text),
                ("llvmVersion", .text), ("outcome", .text), ("detail", .text), ("instructionCount", .integer),
                ("text", .integer), ("data", .integer), ("bss", .integer), ("binarySize", .integer),
                ("seconds", .real), ("createdAt", .date),
            ],
            key: ["programId", "pipelineId", "protocolKey"],
            references: ["programId": "program", "pipelineId": "pipeline", "runId": "run"]),
        Table(
            name: "verdict",
            columns: [
                ("pipeline", .text), ("protocolKey", .text), ("suite", .text), ("llvmVersion", .text),
                ("passed", .boolean), ("programs", .integer), ("failures", .integer), ("resultsJSON", .text),
                ("excludedJSON", .text), ("skippedJSON", .text), ("seconds", .real), ("createdAt", .date),
            ],
            key: ["pipeline", "protocolKey", "suite", "llvmVersion"], references: [:]),
        Table(
            name: "programOutcome",
            columns: [
                ("program", .text), ("suite", .text), ("referenceDigest", .text), ("objectDigest", .text),
                ("protocolKey", .text), ("llvmVersion", .text), ("clangVersion", .text), ("sandbox", .text),
                ("outcome", .text), ("detail", .text), ("seconds", .real), ("observations", .integer),
                ("timeLimit", .real), ("createdAt", .date),
            ],
            key: [
                "objectDigest", "program", "suite", "referenceDigest", "protocolKey", "llvmVersion", "clangVersion",
                "sandbox",
            ], references: [:]),
        Table(
            name: "shardProgram",
            columns: [
                ("campaign", .text), ("shardCount", .integer), ("shardIndex", .integer), ("contentHash", .text),
                ("name", .text), ("done", .boolean), ("updatedAt", .date),
            ],
            key: ["campaign", "shardCount", "contentHash"], references: [:]),
        Table(
            name: "tuneResult",
            columns: [
                ("contentHash", .text), ("llvmVersion", .text), ("protocolKey", .text), ("budget", .integer),
                ("predictor", .text), ("binarySize", .integer), ("resultJSON", .text), ("createdAt", .date),
            ],
            key: ["contentHash", "llvmVersion", "protocolKey", "budget", "predictor"], references: [:]),
    ]

    /// Copies every row of `source` into `destination` (both `--db` values; the destination is created if needed).
    public static func copy(from source: String, to destination: String, append: Bool) throws -> Summary {
        guard let from = try ResultStore.existing(url: source) else {
            throw ResultStore.Error.copySourceMissing(url: source)
        }
        let to = try ResultStore(url: destination)
        var contents: [(Table, [[CopyValue]])] = []
        for table in tables { contents.append((table, try from.copyRows(table))) }
        return try to.copyWrite { writer in
            let existing = try tables.map { try writer.count($0) }.reduce(0, +)
            if existing > 0 && !append {
                throw ResultStore.Error.copyDestinationNotEmpty(url: destination, rows: existing)
            }
            let keepIDs = existing == 0
            var ids: [String: [Int64: Int64]] = [:]
            var summary = Summary(rows: [])
            for (table, rows) in contents {
                var copied = 0
                for row in rows {
                    guard case .integer(let id) = row[0] else { continue }
                    var values = Array(row.dropFirst())
                    for (index, column) in table.columns.enumerated() {
                        guard let target = table.references[column.name], case .integer(let old) = values[index] else {
                            continue
                        }
                        values[index] = ids[target]?[old].map { .integer($0) } ?? .null
                    }
                    if !keepIDs, !table.identity.isEmpty,
                        let found = try writer.find(table, matching: table.identity, values: values)
                    {
                        ids[table.name, default: [:]][id] = found
                    } else if let newID = try writer.insert(table, id: keepIDs ? id : nil, values: values) {
                        copied += 1
                        ids[table.name, default: [:]][id] = newID
                    } else if !table.key.isEmpty,
                        let found = try writer.find(table, matching: table.key, values: values)
                    {
                        ids[table.name, default: [:]][id] = found
                    }
                }
                summary.rows.append((table.name, copied, rows.count - copied))
            }
            if keepIDs { try writer.resetIdentities(tables) }
            return summary
        }
    }
}

/// One column value on its way between stores.
enum CopyValue: Sendable {
    case text(String)
    case integer(Int64)
    case real(Double)
    case boolean(Bool)
    case date(Date)
    case null

    var sqlite: (any DatabaseValueConvertible)? {
        switch self {
        case .text(let value): value
        case .integer(let value): value
        case .real(let value): value
        case .boolean(let value): value
        case .date(let value): value
        case .null: nil
        }
    }

    var postgres: PostgresValue {
        switch self {
        case .text(let value): .text(value)
        case .integer(let value): .integer(value)
        case .real(let value): .real(value)
        case .boolean(let value): .boolean(value)
        case .date(let value): .date(value)
        case .null: .null
        }
    }
}

/// The destination's side of a copy, inside its one transaction.
struct CopyWriter {
    let sqlite: Database?
    let postgres: PostgresSession.Executor?

    private func quoted(_ name: String) -> String { "\"\(name)\"" }

    private func placeholders(_ count: Int, from first: Int = 1) -> String {
        (0..<count).map { postgres == nil ? "?" : "$\(first + $0)" }.joined(separator: ", ")
    }

    private func rows(_ sql: String, _ values: [CopyValue]) throws -> [Int64] {
        if let postgres {
            return try postgres.rows(sql, values.map(\.postgres)).map { try $0.value("id", as: Int64.self) }
        }
        return try Int64.fetchAll(sqlite!, sql: sql, arguments: StatementArguments(values.map(\.sqlite)))
    }

    func count(_ table: StoreCopy.Table) throws -> Int {
        if let postgres { return try postgres.rows("SELECT COUNT(*) AS n FROM \(quoted(table.name))")[0].int("n") }
        return try Int.fetchOne(sqlite!, sql: "SELECT COUNT(*) FROM \(quoted(table.name))") ?? 0
    }

    /// Inserts a row (with `id` when given); its id, or nil when the destination already has it.
    func insert(_ table: StoreCopy.Table, id: Int64?, values: [CopyValue]) throws -> Int64? {
        let columns = (id == nil ? [] : ["id"]) + table.columns.map(\.name)
        let all = (id.map { [CopyValue.integer($0)] } ?? []) + values
        return try rows(
            """
            INSERT INTO \(quoted(table.name)) (\(columns.map(quoted).joined(separator: ", ")))
            VALUES (\(placeholders(all.count))) ON CONFLICT DO NOTHING RETURNING "id"
            """, all
        ).first
    }

    /// The id of a destination row whose `columns` hold the same values (NULL matching NULL).
    func find(_ table: StoreCopy.Table, matching columns: [String], values: [CopyValue]) throws -> Int64? {
        let indices = columns.map { key in table.columns.firstIndex { $0.name == key }! }
        let condition = columns.enumerated().map {
            postgres == nil ? "\(quoted($1)) IS ?" : "\(quoted($1)) IS NOT DISTINCT FROM $\($0 + 1)"
        }
        return try rows(
            "SELECT \"id\" FROM \(quoted(table.name)) WHERE \(condition.joined(separator: " AND "))",
            indices.map { values[$0] }
        ).first
    }

    /// After rows kept their ids, PostgreSQL's identity sequences start past them
    /// (SQLite's AUTOINCREMENT does that itself).
    func resetIdentities(_ tables: [StoreCopy.Table]) throws {
        guard let postgres else { return }
        for table in tables {
            let name = quoted(table.name)
            try postgres.execute(
                """
                SELECT setval(pg_get_serial_sequence('\(name)', 'id'),
                              (SELECT COALESCE(MAX("id"), 0) + 1 FROM \(name)), false)
                """)
        }
    }
}

extension ResultStore {
    /// Every row of a table, "id" first, in id order.
    func copyRows(_ table: StoreCopy.Table) throws -> [[CopyValue]] {
        let select =
            "SELECT \(( ["id"] + table.columns.map(\.name)).map { "\"\($0)\"" }.joined(separator: ", ")) "
            + "FROM \"\(table.name)\" ORDER BY \"id\""
        let columns: [(name: String, kind: StoreCopy.Kind)] = [("id", .integer)] + table.columns
        if let postgres {
            return try postgres.session.read { db in
                try db.rows(select).map { row in
                    try columns.map { column -> CopyValue in
                        switch column.kind {
                        case .text: try row.value(column.name, as: String?.self).map { .text($0) } ?? .null
                        case .integer: try row.value(column.name, as: Int64?.self).map { .integer($0) } ?? .null
                        case .real: try row.value(column.name, as: Double?.self).map { .real($0) } ?? .null
                        case .boolean: try row.value(column.name, as: Bool?.self).map { .boolean($0) } ?? .null
                        case .date: try row.value(column.name, as: Date?.self).map { .date($0) } ?? .null
                        }
                    }
                }
            }
        }
        return try pool.read { db in
            try Row.fetchAll(db, sql: select).map { row in
                columns.map { column -> CopyValue in
                    switch column.kind {
                    case .text: (row[column.name] as String?).map { .text($0) } ?? .null
                    case .integer: (row[column.name] as Int64?).map { .integer($0) } ?? .null
                    case .real: (row[column.name] as Double?).map { .real($0) } ?? .null
                    case .boolean: (row[column.name] as Bool?).map { .boolean($0) } ?? .null
                    case .date: (row[column.name] as Date?).map { .date($0) } ?? .null
                    }
                }
            }
        }
    }

    /// Runs a copy's writes in one transaction of this store.
    func copyWrite<T>(_ body: (CopyWriter) throws -> T) throws -> T {
        if let postgres { return try postgres.session.write { db in try body(CopyWriter(sqlite: nil, postgres: db)) } }
        return try pool.write { db in try body(CopyWriter(sqlite: db, postgres: nil)) }
    }
}
