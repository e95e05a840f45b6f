// SamradMail — messages out.
//
// The bundled Swedish templates (`Templates/`) and the check of a round's own (`Compose/TemplateCheck.swift`),
// the composer that makes each body's message (`Compose/`), the MIME and iCalendar writers (`MIME/`,
// `Calendar/`), and the two transports: SMTP through libcurl (`SMTP/`) and the outbox of .eml files
// (`Transport/`).
