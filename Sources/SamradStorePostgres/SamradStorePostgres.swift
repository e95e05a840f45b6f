// SamradStorePostgres — the ledger and the register on a PostgreSQL server.
//
// `PostgresStore` conforms to SamradStore's `Ledger` and `RegisterStore` with the same guarantees as `AppDatabase`:
// claims with `FOR UPDATE SKIP LOCKED`, outcomes recorded only by the claim's token, register numbers from a row
// lock in the recording transaction, an audit trail a trigger keeps append-only. `PostgresMigrations` holds its
// numbered schema; `PostgresSettings` reads `SAMRAD_DB=postgres://…` with the password file and TLS verify-full;
// `PostgresConnections` is the one place where the synchronous protocols wait on postgres-nio.
