import Crypto
import Foundation
import GRDB
import PostgresNIO
import SamradCore
import SamradStore

/// What `samrad db copy` did, table by table: the rows and a checksum on each side.
public struct CopyReport: Sendable {
    /// One table's rows and checksums, in SQLite and in PostgreSQL.
    public struct Table: Sendable {
        /// The table's name, the same in both databases.
        public var name: String
        /// Rows read from SQLite.
        public var sourceRows: Int
        /// Rows in PostgreSQL after the copy.
        public var targetRows: Int
        /// The SHA-256 of the SQLite rows as Samråd reads them, in hex.
        public var sourceChecksum: String
        /// The same, computed from the PostgreSQL rows.
        public var targetChecksum: String

        /// Whether both sides hold the same rows.
        public var identical: Bool { sourceRows == targetRows && sourceChecksum == targetChecksum }
    }

    /// Every table of the PostgreSQL schema, in the order they were copied (a table after those it refers to).
    public var tables: [Table]
    /// Whether the copy was committed; it is rolled back unless every table is identical.
    public var committed: Bool

    /// Whether every table is identical on both sides.
    public var identical: Bool { tables.allSatisfy(\.identical) }
}

/// Why `db copy` copied nothing: what to do, and how the command ends.
public struct DatabaseCopyError: ExitStatusError, Sendable {
    /// How the command ends: 73 for a target that is not empty, 66 for a missing SQLite file, 65 for data the
    /// PostgreSQL schema cannot hold, 69 for a server that cannot be reached.
    public let exitStatus: Sysexits
    /// What went wrong and what to do.
    public let description: String

    init(_ exitStatus: Sysexits, _ description: String) {
        self.exitStatus = exitStatus
        self.description = description
    }
}

/// Copies a municipality's SQLite database into an empty PostgreSQL one, and verifies the copy.
///
/// Nothing here names a table: the tables and their columns are read from the PostgreSQL schema (after its
/// migrations), copied in the order their foreign keys need, and the same columns are read from SQLite. A value
/// is converted by the PostgreSQL column's type: SQLite's dates (GRDB's text, `yyyy-MM-dd HH:mm:ss.SSS` in UTC)
/// become `timestamptz`, its 0 and 1 `boolean`, its blobs `bytea`. Row ids are kept, and each identity column's
/// next value is set past the largest copied.
///
/// Everything is copied in one transaction, checked by counting the rows and computing a SHA-256 per table the same
/// way on both sides, and committed only when every table is identical:
///
/// ```swift
/// let report = try PostgresDatabaseCopy.copy(from: "samrad.sqlite", to: try PostgresSettings(url: url, passwordFile: file, caFile: nil))
/// ```
public enum PostgresDatabaseCopy {
    /// Rows per INSERT statement.
    static let batch = 200

    /// Copies the SQLite database at a path into the empty PostgreSQL database the settings name.
    public static func copy(from sqlitePath: String, to settings: PostgresSettings) throws -> CopyReport {
        guard FileManager.default.fileExists(atPath: sqlitePath) else {
            throw DatabaseCopyError(
                .noInput, "there is no SQLite database at \(sqlitePath); give the path of the workspace's samrad.sqlite")
        }
        // Bring the file to this version's schema, as any samrad command would, then read it in one snapshot.
        _ = try AppDatabase.open(path: sqlitePath)
        var configuration = Configuration()
        configuration.readonly = true
        let source = try DatabaseQueue(path: sqlitePath, configuration: configuration)
        let store: PostgresStore
        do {
            store = try PostgresStore(settings: settings)
        } catch let error as PostgresStoreError {
            throw DatabaseCopyError(.unavailable, error.description)
        }
        defer { store.close() }
        let schema = try store.connections.withSession { session in try PostgresSchema.read(session) }
        return try source.read { db in
            let tables = try schema.map { table in
                table.withoutIdentities(missingFrom: try db.tableExists(table.name) ? Set(try db.columns(in: table.name).map(\.name)) : [])
            }
            try checkNothingIsLeftBehind(db, tables: tables)
            do {
                return try store.connections.transaction { session in
                    for table in tables {
                        let rows = try session.scalar("SELECT count(*) FROM \(unescaped: table.quotedName)", as: Int.self) ?? 0
                        guard rows == 0 else {
                            throw DatabaseCopyError(
                                .cannotCreate,
                                "the PostgreSQL database \(settings.database) is not empty: its table \(table.name) has \(rows) row\(rows == 1 ? "" : "s"); "
                                    + "db copy copies only into an empty database (create a new one with CREATE DATABASE)")
                        }
                    }
                    var report = CopyReport(tables: [], committed: true)
                    for table in tables {
                        let rows = try sourceRows(db, table: table)
                        try insert(rows, into: table, session: session)
                        try resetIdentities(of: table, session: session)
                        let copied = try targetRows(session, table: table)
                        report.tables.append(
                            CopyReport.Table(
                                name: table.name, sourceRows: rows.count, targetRows: copied.count,
                                sourceChecksum: table.checksum(rows), targetChecksum: table.checksum(copied)))
                    }
                    guard report.identical else { throw Differs(report: report) }
                    return report
                }
            } catch let differs as Differs {
                var report = differs.report
                report.committed = false
                return report
            }
        }
    }

    /// A verification that found a difference: the transaction rolls back, and the report says where.
    private struct Differs: Error {
        var report: CopyReport
    }

    /// Refuses a SQLite table or column with data that the PostgreSQL schema has no place for, and a table or column
    /// that the PostgreSQL schema has and the SQLite file lacks.
    static func checkNothingIsLeftBehind(_ db: Database, tables: [PostgresSchema.Table]) throws {
        let known = Dictionary(uniqueKeysWithValues: tables.map { ($0.name, $0) })
        let names = try String.fetchAll(
            db,
            sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name"
        )
        for name in names {
            let quoted = PostgresSchema.quote(name)
            guard let table = known[name] else {
                let rows = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(quoted)") ?? 0
                if rows > 0 {
                    throw DatabaseCopyError(
                        .dataError,
                        "the SQLite table \(name) has \(rows) row\(rows == 1 ? "" : "s") and the PostgreSQL schema has no table \(name) in this version "
                            + "of Samråd; nothing was copied, so that nothing is lost: keep the workspace on SQLite until it has")
                }
                continue
            }
            let columns = Set(table.columns.map(\.name))
            for column in try db.columns(in: name) where !columns.contains(column.name) {
                let values =
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM \(quoted) WHERE \(PostgresSchema.quote(column.name)) IS NOT NULL") ?? 0
                if values > 0 {
                    throw DatabaseCopyError(
                        .dataError,
                        "the SQLite column \(name).\(column.name) holds \(values) values and the PostgreSQL table \(name) has no such "
                            + "column in this version of Samråd; nothing was copied")
                }
            }
        }
        for table in tables {
            guard names.contains(table.name) else {
                throw DatabaseCopyError(
                    .dataError, "the SQLite database has no table \(table.name); is \(db.description) a Samråd database?")
            }
            let present = Set(try db.columns(in: table.name).map(\.name))
            for column in table.columns where !present.contains(column.name) {
                throw DatabaseCopyError(.dataError, "the SQLite table \(table.name) has no column \(column.name); is it a Samråd database?")
            }
        }
    }

    /// A table's rows as SQLite holds them, converted to the PostgreSQL columns' types.
    static func sourceRows(_ db: Database, table: PostgresSchema.Table) throws -> [[PostgresSchema.Value]] {
        let columns = table.columns.map { PostgresSchema.quote($0.name) }.joined(separator: ", ")
        let rows = try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table.quotedName)")
        return try rows.map { row in
            try table.columns.enumerated().map { index, column in
                try column.kind.value(from: row[index] as DatabaseValue, at: "\(table.name).\(column.name)")
            }
        }
    }

    /// Inserts rows, ids and all, in statements of `batch` rows.
    static func insert(_ rows: [[PostgresSchema.Value]], into table: PostgresSchema.Table, session: PostgresSession) throws {
        let columns = table.columns.map { PostgresSchema.quote($0.name) }.joined(separator: ", ")
        let overriding = table.columns.contains(where: \.isIdentity) ? " OVERRIDING SYSTEM VALUE" : ""
        var start = rows.startIndex
        while start < rows.endIndex {
            let end = min(start + batch, rows.endIndex)
            var query = PostgresQuery(unsafeSQL: "")
            var tuples: [String] = []
            for row in rows[start..<end] {
                var placeholders: [String] = []
                for (value, column) in zip(row, table.columns) {
                    try value.bind(into: &query.binds)
                    placeholders.append("$\(query.binds.count)::\(column.dataType)")
                }
                tuples.append("(" + placeholders.joined(separator: ", ") + ")")
            }
            query.sql = "INSERT INTO \(table.quotedName) (\(columns))\(overriding) VALUES " + tuples.joined(separator: ", ")
            try session.execute(query)
            start = end
        }
    }

    /// Sets each identity column's next value past the largest one copied, so that new rows take new ids.
    static func resetIdentities(of table: PostgresSchema.Table, session: PostgresSession) throws {
        for column in table.columns where column.isIdentity {
            let quoted = PostgresSchema.quote(column.name)
            try session.execute(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT setval(pg_get_serial_sequence('\(table.quotedName.replacingOccurrences(of: "'", with: "''"))', \
                        '\(column.name.replacingOccurrences(of: "'", with: "''"))'), COALESCE((SELECT max(\(quoted)) FROM \(table.quotedName)), 0) + 1, false)
                        """))
        }
    }

    /// A table's rows as PostgreSQL holds them.
    static func targetRows(_ session: PostgresSession, table: PostgresSchema.Table) throws -> [[PostgresSchema.Value]] {
        let columns = table.columns.map { PostgresSchema.quote($0.name) }.joined(separator: ", ")
        return try session.rows(PostgresQuery(unsafeSQL: "SELECT \(columns) FROM \(table.quotedName)")).map { row in
            try table.columns.map { column in try column.kind.value(from: row[column.name], at: "\(table.name).\(column.name)") }
        }
    }
}
