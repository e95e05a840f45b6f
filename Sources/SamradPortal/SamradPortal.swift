// SamradPortal — `samrad serve`.
//
// The answer portal on Hummingbird: each body's page behind its own link (`Server/BodyRoutes.swift`,
// `Pages/BodyPages.swift`), the coordinator's pages behind a login (`CoordinatorRoutes`, `CoordinatorPages`),
// sessions, CSRF and rate limits (`Security/`). It calls the same SamradApp use cases as the command line.
