// SamradCore — the domain of a consultation round, with no I/O of its own.
//
// The registry of bodies (`Registry/`), the round's file (`Consultation/`: goal areas, dialogues, templates,
// what changed between revisions), Swedish time and working days (`Time/`, `Calendar/`), the schedule planner
// that says what each body gets and when (`Schedule/`), how a reply is matched and read per goal area
// (`Responses/`, `Reading/`) and the status of a round (`Status/`). Everything here is handed its text and its
// "now"; it reads no file it is not given and talks to no server, so it is tested by its decisions alone.
