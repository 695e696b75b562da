import Foundation

/// `passlab tune`'s kept results in PostgreSQL (see `StoredTuneResult`).
extension PostgresStore {
    static let tuneResultKeyCondition = #"""
        "contentHash" = $1 AND "llvmVersion" = $2 AND "protocolKey" = $3 AND "budget" = $4 AND "predictor" = $5
        """#

    func tuneResult(
        contentHash: String, llvmVersion: String, protocolKey: String, budget: Int, predictor: String
    ) throws -> StoredTuneResult? {
        try session.read { db in
            try db.rows(
                #"SELECT * FROM "tuneResult" WHERE "# + Self.tuneResultKeyCondition,
                [.text(contentHash), .text(llvmVersion), .text(protocolKey), .int(budget), .text(predictor)]
            ).first.map { row in
                var result = StoredTuneResult(
                    contentHash: try row.value("contentHash"), llvmVersion: try row.value("llvmVersion"),
                    protocolKey: try row.value("protocolKey"), budget: try row.int("budget"),
                    predictor: try row.value("predictor"), binarySize: try row.int("binarySize"),
                    resultJSON: try row.value("resultJSON"), createdAt: try row.value("createdAt"))
                result.id = try row.value("id")
                return result
            }
        }
    }

    /// Replaces the row of the result's key (as in SQLite).
    func record(_ result: StoredTuneResult) throws {
        try session.write { db in
            let key: [PostgresValue] = [
                .text(result.contentHash), .text(result.llvmVersion), .text(result.protocolKey), .int(result.budget),
                .text(result.predictor),
            ]
            try db.execute(#"DELETE FROM "tuneResult" WHERE "# + Self.tuneResultKeyCondition, key)
            try db.execute(
                #"""
                INSERT INTO "tuneResult" ("contentHash", "llvmVersion", "protocolKey", "budget", "predictor",
                  "binarySize", "resultJSON", "createdAt")
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING
                """#,
                key + [.int(result.binarySize), .text(result.resultJSON), .date(result.createdAt)])
        }
    }
}
