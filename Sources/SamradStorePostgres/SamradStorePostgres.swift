// SamradStorePostgres — Samråd's store on a PostgreSQL server, and the copy of a SQLite database into it.
//
// `PostgresStore` conforms to SamradStore's `RegistryStore`, `RoundStore`, `ScheduleStore`, `Ledger` and
// `RegisterStore` with the same guarantees as `AppDatabase`: claims with `FOR UPDATE SKIP LOCKED`, outcomes recorded
// only by the claim's token, register numbers from a row lock in the recording transaction, an audit trail a trigger
// keeps append-only. `PostgresMigrations` holds its numbered schema, with SQLite's table and column names;
// `PostgresSettings` reads `SAMRAD_DB=postgres://…` with the password file and TLS verify-full; `PostgresConnections`
// is the one place where the synchronous protocols wait on postgres-nio. `PostgresDatabaseCopy` (`samrad db copy`)
// copies a SQLite file into an empty database by the schema `PostgresSchema` reads, and checks it table by table.
