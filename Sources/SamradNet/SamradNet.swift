// SamradNet — talking to servers.
//
// libcurl behind `CurlEasy` (which owns its handle; no C type leaves this module), `Secret` for passwords that
// must not be printed, the password-file reader with its mode check, `ServerTimeouts`, and the one reader of
// `smtp://` and `imap://` settings (`Settings/`) that both SamradMail and SamradImport configure themselves
// through.
