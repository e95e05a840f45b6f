// SamradStore — the database.
//
// `Store.swift` says what SamradApp asks of a database, as protocols by intent (registry, rounds, ledger,
// schedule, answers, register and audit, portal), with the guarantees every implementation keeps: one
// transaction per method, the audit line in the same transaction as the change, gap-free register numbers, one
// claim per delivery. `AppDatabase` is the SQLite implementation through GRDB (`Records.swift` for the tables
// that map to a type; its migrations in `AppDatabase.swift`).
