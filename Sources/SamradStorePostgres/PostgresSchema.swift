import Crypto
import Foundation
import GRDB
import PostgresNIO

/// The PostgreSQL schema as `db copy` reads it: the tables, their columns and types, their primary keys, and the
/// order their foreign keys need; and the values of a row, read from either database, in one form to compare.
enum PostgresSchema {
    /// A column's type, as far as copying and comparing go.
    enum Kind: Sendable {
        case text, integer, boolean, instant, bytes, real

        init(dataType: String, at place: String) throws {
            switch dataType {
            case "text", "character varying", "character": self = .text
            case "integer", "smallint", "bigint": self = .integer
            case "boolean": self = .boolean
            case "timestamp with time zone": self = .instant
            case "bytea": self = .bytes
            case "double precision", "real": self = .real
            default:
                throw DatabaseCopyError(.software, "the PostgreSQL column \(place) has the type \(dataType), which db copy cannot convert")
            }
        }

        /// A SQLite value as Samråd reads it into a column of this type.
        func value(from stored: DatabaseValue, at place: String) throws -> Value {
            if stored.isNull { return .null }
            // A value GRDB cannot read as the column's type stops the copy, naming the column.
            func required<T>(_ value: T?) throws -> T {
                guard let value else {
                    throw DatabaseCopyError(
                        .dataError,
                        "the SQLite column \(place) holds \(stored.description.prefix(40)), which is not \(self); nothing was copied")
                }
                return value
            }
            switch (self, stored.storage) {
            case (.text, .string(let text)): return .text(text)
            case (.text, .int64(let number)): return .text(String(number))
            case (.text, .double(let number)): return .text(String(number))
            case (.integer, .int64(let number)): return .integer(number)
            case (.integer, _): return .integer(try required(Int64.fromDatabaseValue(stored)))
            case (.boolean, _): return .boolean(try required(Bool.fromDatabaseValue(stored)))
            // GRDB's reading: `yyyy-MM-dd HH:mm:ss.SSS` in UTC, and the other forms it accepts.
            case (.instant, _): return .instant(try required(Date.fromDatabaseValue(stored)))
            case (.bytes, .blob(let data)): return .bytes(data)
            case (.bytes, .string(let text)): return .bytes(Data(text.utf8))
            case (.real, _): return .real(try required(Double.fromDatabaseValue(stored)))
            default: return try required(nil as Value?)
            }
        }

        /// A PostgreSQL cell read as this type.
        func value(from cell: PostgresCell, at place: String) throws -> Value {
            guard cell.bytes != nil else { return .null }
            do {
                switch self {
                case .text: return .text(try cell.decode(String.self))
                case .integer: return .integer(try cell.decode(Int64.self))
                case .boolean: return .boolean(try cell.decode(Bool.self))
                case .instant: return .instant(try cell.decode(Date.self))
                case .bytes: return .bytes(Data(buffer: try cell.decode(ByteBuffer.self)))
                case .real: return .real(try cell.decode(Double.self))
                }
            } catch {
                throw DatabaseCopyError(.software, "the PostgreSQL column \(place) could not be read as \(self): \(error)")
            }
        }
    }

    /// One value of a row, from either database.
    enum Value: Sendable {
        case null
        case text(String)
        case integer(Int64)
        case boolean(Bool)
        case instant(Date)
        case bytes(Data)
        case real(Double)

        /// The value in the one form both sides are compared in; nil for NULL. An instant is ISO 8601 in UTC with
        /// milliseconds (what SQLite keeps), bytes are hexadecimal.
        var normalized: String? {
            switch self {
            case .null: nil
            case .text(let text): text
            case .integer(let number): String(number)
            case .boolean(let flag): flag ? "true" : "false"
            case .instant(let date): PostgresSchema.iso8601(date)
            case .bytes(let data): data.map { String(format: "%02x", $0) }.joined()
            case .real(let number): String(number)
            }
        }

        /// Binds the value as a statement's next parameter.
        func bind(into binds: inout PostgresBindings) throws {
            switch self {
            case .null: binds.appendNull()
            case .text(let text): binds.append(text)
            case .integer(let number): binds.append(number)
            case .boolean(let flag): binds.append(flag)
            case .instant(let date): binds.append(date)
            case .bytes(let data): binds.append(ByteBuffer(bytes: data))
            case .real(let number): binds.append(number)
            }
        }

        /// The order of primary keys: numbers by value, text by its UTF-8 bytes (SQLite's and `COLLATE "C"`'s order).
        static func precedes(_ left: Value, _ right: Value) -> Bool {
            switch (left, right) {
            case (.null, .null): false
            case (.null, _): true
            case (_, .null): false
            case (.integer(let a), .integer(let b)): a < b
            case (.instant(let a), .instant(let b)): a < b
            case (.real(let a), .real(let b)): a < b
            default: Array((left.normalized ?? "").utf8).lexicographicallyPrecedes(Array((right.normalized ?? "").utf8))
            }
        }
    }

    struct Column: Sendable {
        let name: String
        /// The type as `information_schema` writes it, e.g. `timestamp with time zone`; also the cast for a parameter.
        let dataType: String
        let kind: Kind
        let isIdentity: Bool
    }

    struct Table: Sendable {
        let name: String
        let columns: [Column]
        /// The indexes in `columns` of the primary key, in key order; every column when there is none.
        let key: [Int]

        var quotedName: String { PostgresSchema.quote(name) }

        /// The table without the identity columns a SQLite table lacks (`review_item.seq`, which stands in for SQLite's
        /// rowid): PostgreSQL numbers them as the rows arrive, in SQLite's order, and they are neither copied nor
        /// compared.
        func withoutIdentities(missingFrom present: Set<String>) -> Table {
            let kept = columns.filter { present.contains($0.name) || !$0.isIdentity }
            let keyNames = key.map { columns[$0].name }
            return Table(name: name, columns: kept, key: keyNames.compactMap { name in kept.firstIndex { $0.name == name } })
        }

        /// The SHA-256 of the rows ordered by primary key, each value normalised, NULL as a marker of its own.
        func checksum(_ rows: [[Value]]) -> String {
            let ordered = rows.sorted { left, right in
                for index in key {
                    if Value.precedes(left[index], right[index]) { return true }
                    if Value.precedes(right[index], left[index]) { return false }
                }
                return false
            }
            var hash = SHA256()
            for row in ordered {
                for value in row {
                    // Length-prefixed, so that no two different rows write the same bytes.
                    let field = value.normalized.map { "s\($0.utf8.count):\($0)" } ?? "n"
                    hash.update(data: Data(field.utf8))
                }
                hash.update(data: Data("\n".utf8))
            }
            return hash.finalize().map { String(format: "%02x", $0) }.joined()
        }
    }

    /// An instant as ISO 8601 in UTC with milliseconds, e.g. `2019-04-11T06:00:00.000Z`.
    static func iso8601(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let fraction = (milliseconds % 1000 + 1000) % 1000
        let parts = utc.dateComponents(
            [.year, .month, .day, .hour, .minute, .second],
            from: Date(timeIntervalSince1970: TimeInterval((milliseconds - fraction) / 1000)))
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0,
            parts.minute ?? 0, parts.second ?? 0, Int(fraction))
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    /// An identifier quoted for SQL, in both databases.
    static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The tables of the current schema but the migrations' own, each after the tables its foreign keys refer to.
    static func read(_ session: PostgresSession) throws -> [Table] {
        var columns: [String: [Column]] = [:]
        for row in try session.rows(
            """
            SELECT c.table_name::text AS table_name, c.column_name::text AS column_name, c.data_type::text AS data_type,
                c.is_identity::text AS is_identity
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> 'samrad_migrations'
            ORDER BY c.table_name, c.ordinal_position
            """)
        {
            let table = try row.value("table_name", as: String.self)
            let name = try row.value("column_name", as: String.self)
            let dataType = try row.value("data_type", as: String.self)
            columns[table, default: []].append(
                Column(
                    name: name, dataType: dataType, kind: try Kind(dataType: dataType, at: "\(table).\(name)"),
                    isIdentity: try row.value("is_identity", as: String.self) == "YES"))
        }
        var keys: [String: [String]] = [:]
        for row in try session.rows(
            """
            SELECT t.relname::text AS table_name, a.attname::text AS column_name
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)
            WHERE i.indisprimary AND t.relnamespace = current_schema()::regnamespace
            ORDER BY t.relname, array_position(i.indkey::int2[], a.attnum)
            """)
        {
            keys[try row.value("table_name", as: String.self), default: []].append(try row.value("column_name", as: String.self))
        }
        var parents: [String: Set<String>] = [:]
        for row in try session.rows(
            """
            SELECT c.relname::text AS child, p.relname::text AS parent
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
            WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace
            """)
        {
            let child = try row.value("child", as: String.self)
            let parent = try row.value("parent", as: String.self)
            if child != parent { parents[child, default: []].insert(parent) }
        }
        // Kahn's order, by name among the tables that are ready at once, so that the order is always the same.
        var ordered: [Table] = []
        var waiting = Set(columns.keys)
        while !waiting.isEmpty {
            let ready = waiting.filter { parents[$0, default: []].isDisjoint(with: waiting) }.sorted()
            guard !ready.isEmpty else {
                throw DatabaseCopyError(
                    .software, "the PostgreSQL tables \(waiting.sorted().joined(separator: ", ")) refer to each other in a cycle")
            }
            for name in ready {
                let tableColumns = columns[name] ?? []
                let key = (keys[name] ?? []).compactMap { column in tableColumns.firstIndex { $0.name == column } }
                ordered.append(Table(name: name, columns: tableColumns, key: key.isEmpty ? Array(tableColumns.indices) : key))
                waiting.remove(name)
            }
        }
        return ordered
    }
}
