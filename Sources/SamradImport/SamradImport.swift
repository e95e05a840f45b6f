// SamradImport — messages in.
//
// Mail files, mbox and Maildir read through GMime (`Mail/`), CSV from forms and spreadsheets (`CSV/`), the text
// of attached yttranden in PDF, DOCX and ODT (`Attachments/`), and IMAP mailboxes (`IMAP/`). What it reads is
// handed to SamradCore's matcher and reader; it decides nothing about a round itself.
