// SamradApp — the use cases.
//
// What a command or a page does, as a type each: `RegistryLoader`, `ConsultationRegistrar`, `MailoutSender`,
// `Reminders` (cron), `Notifier`, `DeliveryRunner` (the ledger's worker), `FeedbackImporter`,
// `MailboxFetcher`, `AnswerRecorder`, `RoundStatus`, `RoundReview`, `RoundReport`, `RoundCalendar`, and the
// demo. `Workspace` carries the store, the clock and the transport they share; `SamradError.from` is the one
// place where the modules' errors become exit statuses.
