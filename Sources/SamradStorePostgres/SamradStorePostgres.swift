// SamradStorePostgres — the ledger, the register, answers and import, and the portal on a PostgreSQL server.
//
// `PostgresStore` conforms to SamradStore's `Ledger`, `RegisterStore`, `AnswerStore` and `PortalStore` with the same
// guarantees as `AppDatabase`: claims with `FOR UPDATE SKIP LOCKED`, outcomes recorded only by the claim's token,
// register numbers (out, in on import, by hand and from the portal) from a row lock in the recording transaction, an
// import in one transaction, an audit trail a trigger keeps append-only. `PostgresMigrations` holds its
// numbered schema; `PostgresSettings` reads `SAMRAD_DB=postgres://…` with the password file and TLS verify-full;
// `PostgresConnections` is the one place where the synchronous protocols wait on postgres-nio.
