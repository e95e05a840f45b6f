// SamradStorePostgres — Samråd's whole store on a PostgreSQL server, and the copy of a SQLite database into it.
//
// `PostgresStore` conforms to every protocol of SamradStore's `Store` (registry, rounds, schedule, ledger, answers and
// import, register and audit, portal) with the same guarantees as `AppDatabase`: claims with `FOR UPDATE SKIP LOCKED`,
// outcomes recorded only by the claim's token, register numbers (out, in on import, by hand and from the portal) from
// a row lock in the recording transaction, an import in one transaction, an audit trail a trigger keeps append-only.
// `PostgresMigrations` holds its numbered schema, with SQLite's table and column names; `PostgresSettings` reads
// `SAMRAD_DB=postgres://…` with the password file and TLS verify-full; `PostgresConnections` is the one place where the
// synchronous protocols wait on postgres-nio. `PostgresDatabaseCopy` (`samrad db copy`) copies a SQLite file into an
// empty database by the schema `PostgresSchema` reads, and checks it table by table.
