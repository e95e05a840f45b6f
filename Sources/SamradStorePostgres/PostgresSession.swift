import Foundation
import PostgresNIO
import Synchronization

// The one place where the store's synchronous protocols meet postgres-nio.
//
// SamradApp calls the store synchronously, from plain threads and from Swift concurrency's cooperative pool alike.
// postgres-nio runs every connection on a NIO event loop and offers both async/await and EventLoopFuture APIs. The
// store uses the futures only, and waits for them here, on the caller's thread:
//
// - a future completes on an event loop thread of `MultiThreadedEventLoopGroup.singleton`, never on the cooperative
//   pool, so a caller blocked in `wait()` cannot starve the work it waits for (a Task-and-semaphore bridge could,
//   with every cooperative thread blocked waiting on tasks that need one);
// - no store method runs on an event loop thread: `wait()` there would trap, and nothing in this module schedules
//   work onto the loops but postgres-nio itself.
//
// Connections are kept in a small pool of idle ones: a method takes one (or opens one), runs its statements, and
// gives it back; a connection whose statement failed in a way that may have left it unusable is closed instead.

/// A pool of connections to one database, and the blocking calls the store is written with.
final class PostgresConnections: Sendable {
    private let configuration: PostgresConnection.Configuration
    private let idle = Mutex<[PostgresConnection]>([])
    private let opened = Atomic<Int>(0)
    /// The most idle connections kept; more may be open at once while callers use them.
    private let keep: Int
    private let logger: Logger

    init(configuration: PostgresConnection.Configuration, keep: Int = 8) {
        self.configuration = configuration
        self.keep = keep
        var logger = Logger(label: "samrad.postgres")
        // postgres-nio logs its protocol at debug level; a person needs only the errors the store throws.
        logger.logLevel = .critical
        self.logger = logger
    }

    deinit {
        close()
    }

    /// Closes the idle connections; the pool opens new ones if used again.
    func close() {
        let connections = idle.withLock { pool in
            defer { pool.removeAll() }
            return pool
        }
        for connection in connections { try? connection.close().wait() }
    }

    /// Runs `body` with one connection of its own, outside a transaction (each statement commits alone).
    func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let connection = try take()
        do {
            let value = try body(PostgresSession(connection: connection, logger: logger))
            give(connection)
            return value
        } catch {
            give(connection)
            throw error
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws. A read-only one sees
    /// one moment of the database across all its statements (REPEATABLE READ), as a read on SQLite does.
    @discardableResult
    func transaction<T>(readOnly: Bool = false, _ body: (PostgresSession) throws -> T) throws -> T {
        let connection = try take()
        let session = PostgresSession(connection: connection, logger: logger)
        do {
            try session.execute(readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY" : "BEGIN")
            let value = try body(session)
            try session.execute("COMMIT")
            give(connection)
            return value
        } catch {
            // A failed ROLLBACK means the connection is in no known state: it is closed, not given back.
            if (try? session.execute("ROLLBACK")) != nil {
                give(connection)
            } else {
                try? connection.close().wait()
            }
            throw PostgresStoreError.from(error)
        }
    }

    private func take() throws -> PostgresConnection {
        if let connection = idle.withLock({ $0.popLast() }), !connection.isClosed { return connection }
        let id = opened.add(1, ordering: .relaxed).newValue
        do {
            return try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: id, logger: logger
            ).wait()
        } catch {
            throw PostgresStoreError.connecting(configuration, error)
        }
    }

    private func give(_ connection: PostgresConnection) {
        guard !connection.isClosed else { return }
        let kept = idle.withLock { pool in
            guard pool.count < keep else { return false }
            pool.append(connection)
            return true
        }
        if !kept { try? connection.close().wait() }
    }
}

/// One connection, lent for the length of one store method, with its statements as blocking calls.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs a statement and returns its rows.
    func rows(_ query: PostgresQuery) throws -> [PostgresRandomAccessRow] {
        do {
            return try connection.query(query, logger: logger).wait().rows.map { $0.makeRandomAccess() }
        } catch {
            throw PostgresStoreError.from(error)
        }
    }

    /// Runs a statement and returns how many rows it changed (or returned).
    @discardableResult
    func execute(_ query: PostgresQuery) throws -> Int {
        do {
            return try connection.query(query, logger: logger).wait().metadata.rows ?? 0
        } catch {
            throw PostgresStoreError.from(error)
        }
    }

    /// The first column of the first row, or nil when there is no row.
    func scalar<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type = T.self) throws -> T? {
        guard let row = try rows(query).first, row[0].bytes != nil else { return nil }
        return try row[0].decode(T.self)
    }
}

extension PostgresRandomAccessRow {
    /// The value of a column by name; a NULL or a type the column does not hold is an error naming the column.
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        do {
            return try self[column].decode(T.self)
        } catch {
            throw PostgresStoreError(
                "the column \(column) holds \(self[column].bytes == nil ? "NULL" : "a \(self[column].dataType)") where "
                    + "\(T.self) was expected; the database may belong to another version of Samråd")
        }
    }

    /// The value of a column that may be NULL.
    func optional<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T? {
        guard self[column].bytes != nil else { return nil }
        return try value(column, as: T.self)
    }
}
