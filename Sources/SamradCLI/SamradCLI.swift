// SamradCLI — the `samrad` command.
//
// `SamradCommand` lists the subcommands; each lives in `Commands/` and is a few calls into SamradApp: parse,
// open the workspace, call the use case, print. Exit statuses come from `SamradError` (sysexits).
