// SamradReport — the compilation for the strategic development programme.
//
// One `Report` value (made in SamradApp) rendered as Markdown, HTML (printable, with charts that are labelled
// images), spreadsheet-safe CSV, JSON with its schema, and a Word document for the case file.
