import Foundation
import SamradCore
import SamradImport
import SamradStore

/// Imports what comes back — mail files, mbox files, Maildir folders, CSV exports — matched to
/// the round and body it answers, split into contributions per goal area, with its provenance.
///
/// A CSV file is imported whole or not at all, in one transaction; mail is read one message at a time and
/// committed in batches (``importMail(_:path:format:only:)``). Importing anything again adds nothing.
/// With many files, the good ones are imported and the bad ones listed.
public struct FeedbackImporter: Sendable {
    let workspace: Workspace
    /// Where attachments are kept, content-addressed.
    public let attachments: AttachmentStore
    /// The open rounds, the registry and the messages sent, read once for everything this importer reads.
    let context: MatchContext

    /// How many messages of a mail file go in one transaction.
    public let batchSize: Int
    /// How many threads match and read the messages of a mail file while it is being parsed.
    public let threads: Int

    /// Creates the importer; attachments go to `attachmentFolder`. Mail is committed `batchSize` messages at a
    /// time (nil: `SAMRAD_IMPORT_BATCH`, else 500), and matched and read on `threads` threads (nil:
    /// `SAMRAD_IMPORT_THREADS`, else one per core).
    public init(_ workspace: Workspace, attachmentFolder: URL, batchSize: Int? = nil, threads: Int? = nil) throws {
        self.workspace = workspace
        self.attachments = AttachmentStore(folder: attachmentFolder)
        self.context = try MatchContext(workspace)
        let environment = ProcessInfo.processInfo.environment
        self.batchSize = max(1, batchSize ?? environment["SAMRAD_IMPORT_BATCH"].flatMap { Int($0) } ?? 500)
        self.threads = max(
            1, threads ?? environment["SAMRAD_IMPORT_THREADS"].flatMap { Int($0) } ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The kinds of input `--format` can name.
    public enum Format: String, Sendable, CaseIterable {
        case eml, mbox, maildir, csv
    }

    /// What importing one file or folder did.
    public struct FileResult: Sendable {
        /// The path as given.
        public var path: String
        /// What it was read as.
        public var format: String
        /// New items, by kind.
        public var imported: [IncomingKind: Int] = [:]
        /// Items seen before: nothing added.
        public var duplicates = 0
        /// The registration numbers of the new responses.
        public var registrations: [String] = []
        /// Why the file was refused, when it was (nothing of it was imported).
        public var refusal: String?
        /// The exit status the refusal calls for: 65 bad data, 66 missing or not a file, 70 a fault in Samråd.
        public var refusalCode: SamradError.Code?
        /// Problems that did not stop the file.
        public var warnings: [String] = []
    }

    /// Imports each path on its own: a file that is refused — bad data, not a file, an I/O error,
    /// an unexpected error — never stops the others. A folder that is not a Maildir stands for
    /// the message files in it, each imported on its own.
    public func importPaths(_ paths: [String], consultation: String?, format: Format?) throws -> [FileResult] {
        var results: [FileResult] = []
        for path in paths {
            do {
                if let (files, others) = try messageFiles(inFolder: path, format: format) {
                    results += files.map { importOne($0, consultation: consultation, format: format) }
                    if !others.isEmpty {
                        var folder = FileResult(path: path, format: "folder")
                        folder.warnings = others.map {
                            "\(TerminalText.safe($0, singleLine: true)) is not a saved message and was left alone; import it by name"
                        }
                        results.append(folder)
                    }
                    continue
                }
            } catch {
                results.append(Self.refused(path, format: format, error))
                continue
            }
            results.append(importOne(path, consultation: consultation, format: format))
        }
        return results
    }

    /// One path imported, or refused with its reason.
    func importOne(_ path: String, consultation: String?, format: Format?) -> FileResult {
        do {
            return try importPath(path, consultation: consultation, format: format)
        } catch let stopped as StoppedFile {
            var result = stopped.result
            result.format = format?.rawValue ?? result.format
            return result
        } catch {
            return Self.refused(path, format: format, error)
        }
    }

    /// The result of a refused path: the error's own words (they name the file) and its exit status.
    static func refused(_ path: String, format: Format?, _ error: any Error) -> FileResult {
        var result = FileResult(path: path, format: format?.rawValue ?? "?")
        switch error {
        case let error as SamradError:
            result.refusal = error.description
            result.refusalCode = error.code
        case let error as AttachmentStoreError:
            // The attachment store's settings are fine when a file's attachment cannot be stored: that file's
            // data is the fault (65), not the configuration (78, as the funnel says for the store itself).
            result.refusal = "an attachment cannot be stored: \(error)"
            result.refusalCode = .dataError
        default:
            let failure = SamradError.from(error)
            result.refusal = failure.code == .software ? "an unexpected error stopped this file: \(failure)" : failure.description
            result.refusalCode = failure.code
        }
        return result
    }

    /// The message files of a folder that is not a Maildir, sorted by name, and the names of the
    /// other files in it; nil when `path` is not a folder or is a Maildir. Throws (65) when the
    /// folder holds no message.
    func messageFiles(inFolder path: String, format: Format?) throws -> (files: [String], others: [String])? {
        guard try InputFile.kind(of: path) == .folder, format != .maildir, format != .csv, !MailSource.isMaildir(URL(fileURLWithPath: path))
        else { return nil }
        let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted()
        var files: [String] = []
        var others: [String] = []
        for name in names {
            let file = (path as NSString).appendingPathComponent(name)
            if (try? InputFile.kind(of: file)) == .some(nil) && Self.looksLikeMessage(URL(fileURLWithPath: file)) {
                files.append(file)
            } else {
                others.append(name)
            }
        }
        guard !files.isEmpty else {
            throw SamradError(
                .dataError,
                "\(TerminalText.safe(path, singleLine: true)) is a folder but not a Maildir (it has not both cur/ and new/), and it holds no .eml file "
                    + "or other saved message\n    fix: give the Maildir folder itself (the one holding cur/ and new/), the message "
                    + "files, an mbox or a CSV file")
        }
        return (files, others)
    }

    /// Whether a file is a single saved message: named .eml, or starting with a header field and not CSV.
    static func looksLikeMessage(_ url: URL) -> Bool {
        if url.pathExtension.lowercased() == "eml" { return true }
        guard let handle = try? FileHandle(forReadingFrom: url), let head = try? handle.read(upToCount: 256) else { return false }
        try? handle.close()
        let first = head.prefix { $0 != 0x0A }
        return first.range(of: Data(":".utf8)) != nil
            && String(decoding: first, as: UTF8.self).range(of: #"^[!-9;-~]+:[ \t]"#, options: .regularExpression) != nil
            && !looksLikeCSV(url)
    }

    func importPath(_ path: String, consultation: String?, format: Format?) throws -> FileResult {
        let url = URL(fileURLWithPath: path)
        let kind: InputFile.Kind?
        do {
            kind = try InputFile.kind(of: path)
        } catch {
            throw SamradError(.noInput, "\(error)")
        }
        // A FIFO would block the reading, and a device or a socket holds no message: refused unopened.
        if let kind, kind != .folder {
            throw SamradError(
                .noInput,
                "\(TerminalText.safe(path, singleLine: true)) is \(kind.rawValue), not a file\n    fix: give .eml, mbox or CSV files, or a Maildir folder"
            )
        }
        let chosen = try format ?? detect(url, isDirectory: kind == .folder)
        if chosen == .csv { return try importCSV(url, path: path, consultation: consultation) }
        return try importMail(url, path: path, format: MailSourceFormat(rawValue: chosen.rawValue), only: consultation)
    }

    /// Imports the messages of a mail file or folder, read one at a time and committed in batches of
    /// ``batchSize``: memory holds one batch, whatever the size of the file.
    ///
    /// A message that cannot be read, or an error while one is stored, stops the file there. The batches
    /// committed before it stay; the refusal names the message it stopped at and how many came before, and
    /// importing the file again skips what is already in (by Message-ID) and goes on from there. A file
    /// smaller than a batch is therefore imported whole or not at all, as before.
    func importMail(_ url: URL, path: String, format: MailSourceFormat?, only consultation: String?) throws -> FileResult {
        var result = FileResult(path: path, format: format?.rawValue ?? "?")
        var batch: [ImportItem] = []
        var committed = 0
        // One batch is committed on another thread while the next is read; the next commit starts after it.
        var pending: (items: [ImportItem], outcomes: BackgroundWork<[ImportOutcome]>)?
        func finishCommit() throws {
            guard let (items, outcomes) = pending else { return }
            pending = nil
            tally(try outcomes.value(), items: items, into: &result)
            committed += items.count
            try Fault.reach(.afterBatch)
        }
        func commit() throws {
            guard !batch.isEmpty else { return }
            try finishCommit()
            let items = batch
            batch.removeAll(keepingCapacity: true)
            pending = (
                items,
                BackgroundWork { [self] in
                    try Fault.reach(.beforeBatch)
                    return try workspace.database.importItems(items, now: workspace.now(), audit: audit("import", from: path, items: items))
                }
            )
        }
        func store(_ prepared: Result<(PreparedItem, [String]), any Error>) throws {
            let (item, warnings) = try prepared.get()
            batch.append(try stored(item))
            result.warnings += warnings
            if batch.count >= batchSize { try commit() }
        }
        let messages = try MailSource.messages(at: url, format: format)
        // The messages are parsed here, in file order; each is matched and read on a worker thread; the
        // results come back in file order and are stored here, so the file reads as if one thread did it all.
        // Attachments are stored here too, so the first message to bring a document names its file, as it would
        // with one thread.
        let workers = OrderedWorkers<(MailItem, ParsedMail), Result<(PreparedItem, [String]), any Error>>(
            threads: threads, limit: 16 * threads, sizeLimit: 64 << 20
        ) { [self] item, mail in
            .success(
                (
                    prepare(mail, raw: item.data, source: item.provenance, only: consultation),
                    mail.warnings.map { "\(TerminalText.safe(item.provenance, singleLine: true)): \($0)" }
                ))
        }
        defer { workers.finish() }
        var exhausted = false
        do {
            while true {
                while let ready = workers.take(wait: false) {
                    try store(ready)
                }
                if !exhausted && workers.hasRoom {
                    do {
                        if let next = try messages.next() { workers.give(next, size: next.item.data.count) } else { exhausted = true }
                    } catch {
                        workers.give(result: .failure(error))
                        exhausted = true
                    }
                    continue
                }
                guard let next = workers.take() else { break }
                try store(next)
            }
            try commit()
            try finishCommit()
        } catch {
            // A batch still being committed holds earlier messages: it counts first, and so does its error.
            var error = error
            do { try finishCommit() } catch let earlier { error = earlier }
            guard committed > 0 else { throw error }
            var refused = Self.refused(path, format: nil, error)
            let new = result.imported.values.reduce(0, +)
            refused.refusal =
                (refused.refusal ?? "")
                + "\n    imported before it: the file's first \(committed) messages (\(new) new, \(result.duplicates) already there), "
                + "committed in batches of \(batchSize); they stay, and importing the file again skips them and goes on from message #\(committed + 1)"
            throw StoppedFile(result: refused)
        }
        return result
    }

    /// A file refused after some of its batches were committed: the refusal says how far it got.
    struct StoppedFile: Error {
        var result: FileResult
    }

    /// The audit lines of an import: what was new, per round it concerns.
    func audit(_ command: String, from source: String, items: [ImportItem]) -> ([ImportOutcome]) -> [AuditNote] {
        { outcomes in
            var kinds: [String?: [IncomingKind: Int]] = [:]
            for (outcome, item) in zip(outcomes, items) {
                if case .imported(let kind, _) = outcome {
                    kinds[item.record.match?.consultation ?? item.record.round, default: [:]][kind, default: 0] += 1
                }
            }
            return kinds.sorted { ($0.key ?? "") < ($1.key ?? "") }.map { round, counts in
                workspace.auditNote(
                    command, consultation: round,
                    "from \(source): " + counts.map { "\($0.value) \($0.key.rawValue)" }.sorted().joined(separator: ", "))
            }
        }
    }

    /// Imports one message fetched from IMAP, in its own transaction; a message that cannot be
    /// read is kept whole, unmatched, with the reason, so nothing is lost.
    public func importMessage(_ data: Data, source: String) throws -> ImportOutcome {
        let item: ImportItem
        do {
            item = try self.item(for: try MailReader.parse(data), raw: data, source: source, only: nil)
        } catch let error as MailReadError {
            item = ImportItem(
                record: IncomingRecord(
                    key: "sha256:\(SHA256.hex(data))", kind: .unmatched, match: nil, matchedBy: nil, sender: nil, subject: "",
                    sentAt: nil, source: source, raw: data, note: "could not be read: \(error)"))
        }
        return try workspace.database.importItems([item], now: workspace.now(), audit: audit("fetch", from: source, items: [item]))[0]
    }

    func detect(_ url: URL, isDirectory: Bool) throws -> Format {
        if isDirectory { return .maildir }
        if url.pathExtension.lowercased() == "csv" || url.pathExtension.lowercased() == "tsv" { return .csv }
        switch try MailSource.detect(url) {
        case .eml: return Self.looksLikeCSV(url) ? .csv : .eml
        case .mbox: return .mbox
        case .maildir: return .maildir
        }
    }

    /// A text whose first line is no `Name: value` header field and is split into cells by `;`,
    /// `,` or tab: by two or more of them, or by one that the second line has as many of.
    static func looksLikeCSV(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url), let head = try? handle.read(upToCount: 4096) else { return false }
        try? handle.close()
        var bytes = Array(head)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return true }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        guard let first = lines.first else { return false }
        if first.range(of: #"^[A-Za-z][A-Za-z0-9-]*:\s"#, options: .regularExpression) != nil { return false }
        let second = lines.count > 1 ? lines[1] : ""
        return [";", ",", "\t"].contains { separator in
            let cells = first.components(separatedBy: separator).count
            return cells > 2 || cells == 2 && second.components(separatedBy: separator).count == 2
        }
    }

    /// A message matched and read, with its attachments not yet stored.
    struct PreparedItem: Sendable {
        var item: ImportItem
        /// The attachments ``stored(_:)`` puts in the store, with their SHA-256.
        var attachments: [(attachment: MailAttachment, sha256: String)] = []
    }

    func item(for mail: ParsedMail, raw: Data, source: String, only: String?) throws -> ImportItem {
        try stored(prepare(mail, raw: raw, source: source, only: only))
    }

    /// The item with its attachments in the store.
    func stored(_ prepared: PreparedItem) throws -> ImportItem {
        var item = prepared.item
        if !prepared.attachments.isEmpty {
            item.attachments = try prepared.attachments.map { try attachments.put($0.attachment, sha256: $0.sha256) }
        }
        return item
    }

    /// Matches and reads a message; nothing is written.
    func prepare(_ mail: ParsedMail, raw: Data, source: String, only: String?) -> PreparedItem {
        let key = mail.messageID ?? "sha256:\(SHA256.hex(raw))"
        let sender = mail.from?.address.description
        if let report = mail.report {
            let target = bounceTarget(mail, report: report)
            return PreparedItem(
                item: ImportItem(
                    record: IncomingRecord(
                        key: key, kind: .bounce, match: nil, matchedBy: nil, sender: sender, subject: mail.subject, sentAt: mail.date,
                        source: source, raw: raw, note: target == nil ? "the delivery it reports on is not in the ledger" : nil),
                    bounce: target))
        }
        let facts = IncomingFacts(
            messageID: mail.messageID, references: mail.references + mail.inReplyTo, sender: mail.from?.address,
            recipients: mail.to.map(\.address) + mail.cc.map(\.address) + mail.deliveredTo, subject: mail.subject)
        let match = context.matcher.match(facts, only: only)
        if AutoReply.isAutomatic(headers: mail.headers, subject: mail.subject, text: mail.text) {
            return PreparedItem(
                item: ImportItem(
                    record: IncomingRecord(
                        key: key, kind: .autoReply, match: match?.0, matchedBy: match?.1, sender: sender, subject: mail.subject,
                        sentAt: mail.date, source: source, raw: raw,
                        round: match?.0.consultation ?? context.matcher.diagnose(facts, only: only).round)))
        }
        guard let (pair, rule) = match, let round = context.rounds[pair.consultation] else {
            let diagnosis = context.matcher.diagnose(facts, only: only)
            return PreparedItem(
                item: ImportItem(
                    record: IncomingRecord(
                        key: key, kind: .unmatched, match: nil, matchedBy: nil, sender: sender, subject: mail.subject, sentAt: mail.date,
                        source: source, raw: raw, note: diagnosis.reason, round: diagnosis.round, candidates: diagnosis.candidates)))
        }
        let digests = mail.attachments.map { SHA256.hex($0.data) }
        let reading = read(mail, round: round, digests: digests)
        var review = ReviewNote.notes(for: reading.reading) + reading.notes
        if let address = mail.from?.address {
            let sharing = context.matcher.bodiesSharing(address)
            if !sharing.isEmpty {
                review.append(
                    ReviewNote(
                        kind: .sharedAddress,
                        detail: "the answer came from \(address), which \(sharing.joined(separator: " and ")) share; "
                            + "it was matched to \(pair.body) by \(rule.rawValue)"))
            }
        }
        let date = mail.date ?? workspace.now()
        return PreparedItem(
            item: ImportItem(
                record: IncomingRecord(
                    key: key, kind: .reply, match: pair, matchedBy: rule, sender: sender, subject: mail.subject, sentAt: date,
                    source: "\(source) <\(key)>", raw: raw),
                contributions: Contribution.of(reading.reading), late: date >= round.deadlineInstant, review: review),
            attachments: Array(zip(mail.attachments, digests)).map { (attachment: $0, sha256: $1) })
    }

    /// The reading of a reply: its own text and its attached documents, read alike; a reply that only forwards
    /// another reads the forwarded one. Attachments that are the round's own documents sent back are not read.
    ///
    /// `digests`, the SHA-256 of each attachment when it is known already, spares computing it again.
    func read(_ mail: ParsedMail, round: Consultation, digests: [String]? = nil) -> (reading: AnswerReading, notes: [ReviewNote]) {
        Self.reading(
            of: mail, context: context.readingContexts[round.id] ?? ReadingContext(round.goalAreas),
            skipping: context.roundDocuments[round.id] ?? [], digests: digests,
            ownAddresses: Set([round.from.email, round.replyTo, round.bounceTo].compactMap { $0?.normalized }))
    }

    /// The reading of a reply, as import reads it: its own text and its attached documents (but those in
    /// `skipping`, the round's own documents sent back); a reply that only forwards another reads the forwarded one.
    public static func reading(
        of mail: ParsedMail, goalAreas: [GoalArea], skipping: Set<String> = [], ownAddresses: Set<String> = []
    ) -> (reading: AnswerReading, notes: [ReviewNote]) {
        reading(of: mail, context: ReadingContext(goalAreas), skipping: skipping, ownAddresses: ownAddresses)
    }

    /// ``reading(of:goalAreas:skipping:ownAddresses:)`` with the round's reading context built beforehand, and the
    /// attachments' SHA-256 when they are known (see ``AnswerDocuments/sources(of:skipping:digests:)``).
    static func reading(
        of mail: ParsedMail, context: ReadingContext, skipping: Set<String> = [], digests: [String]? = nil,
        ownAddresses: Set<String> = []
    ) -> (reading: AnswerReading, notes: [ReviewNote]) {
        let documents = AnswerDocuments.sources(of: mail.attachments, skipping: skipping, digests: digests)
        var reading = AnswerReader.read(
            reply: mail.text, attachments: documents.sources, context: context, ownAddresses: ownAddresses)
        if reading.saysNothingOfItsOwn, let inner = mail.forwarded.first {
            let forwarded = AnswerReader.read(
                reply: inner.text, attachments: documents.sources, context: context, ownAddresses: ownAddresses)
            if !forwarded.saysNothingOfItsOwn { reading = forwarded }
        }
        return (reading, documents.notes)
    }

    /// The delivery a bounce reports on: by the VERP token of the address it was sent to, else by
    /// the returned Message-ID and the final recipient.
    func bounceTarget(_ mail: ParsedMail, report: DeliveryReport) -> BounceTarget? {
        let failed = report.recipients.first { $0.action.lowercased() == "failed" } ?? report.recipients.first
        let reason = [failed?.status, failed?.diagnostic].compactMap { $0 }.joined(separator: " ")
        for address in mail.deliveredTo + mail.to.map(\.address) {
            if let token = ReplyMatcher.plusToken(address.localPart), (try? workspace.database.deliveryTokenExists(token)) == true {
                return .token(token, reason: reason)
            }
        }
        if let id = report.originalMessageID, let recipient = failed?.finalRecipient {
            let address = recipient.split(separator: ";").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? recipient
            return .message(id, recipient: address, reason: reason)
        }
        return nil
    }

    func importCSV(_ url: URL, path: String, consultation: String?) throws -> FileResult {
        let round = try context.round(for: consultation, file: path)
        guard let data = FileManager.default.contents(atPath: path) else { throw SamradError(.noInput, "cannot read \(path)") }
        let answers: [CSVAnswer]
        var result = FileResult(path: path, format: "csv")
        do {
            let (text, _) = try CSVText.decode(data, file: path)
            let table = try CSVTable.parse(text, file: path)
            // Answers are written between the mailout and now; an hour's leeway for a clock that runs ahead.
            let window = round.mailout.date.start...workspace.now().addingTimeInterval(3600)
            let read = try CSVResponses.read(table, file: path, goalAreas: round.goalAreas, mapping: round.csv, window: window)
            answers = read.answers
            result.warnings = read.warnings.map(\.description)
        } catch {
            throw SamradError(.dataError, "\(error)")
        }
        let recipients = round.recipients(in: context.registry)
        let hash = SHA256.hex(data)
        var items: [ImportItem] = []
        for answer in answers {
            guard let body = Self.body(named: answer.bodyCell, among: recipients) else {
                throw SamradError(
                    .dataError,
                    "\(path):\(answer.line): error: '\(answer.bodyCell.prefix(60))' is not a recipient body of round \(round.id)\n"
                        + "    fix: write the body's code (e.g. BUN), its name or its registry address; 'samrad contacts list' shows them")
            }
            let reading = Self.reading(of: answer, goalAreas: round.goalAreas)
            let date = answer.submittedAt ?? workspace.now()
            items.append(
                ImportItem(
                    record: IncomingRecord(
                        key: "csv:\(hash):\(answer.line)", kind: .form, match: RoundBody(consultation: round.id, body: body.id),
                        matchedBy: nil, sender: answer.bodyCell, subject: url.lastPathComponent, sentAt: date,
                        source: "\(url.lastPathComponent):\(answer.line)", raw: nil),
                    contributions: Contribution.of(reading), late: date >= round.deadlineInstant,
                    review: ReviewNote.notes(for: reading)))
        }
        let outcomes = try workspace.database.importItems(items, now: workspace.now(), audit: audit("import", from: path, items: items))
        tally(outcomes, items: items, into: &result)
        return result
    }

    /// The reading of a form's row: each area's cells read as if under the area's heading, the general comment as
    /// a text of its own; a stance chosen in a stance column is the area's stance.
    public static func reading(of answer: CSVAnswer, goalAreas: [GoalArea]) -> AnswerReading {
        // One text, as a person would read the row: the general comment, then each area's cells under its heading,
        // so that "i övrigt" in the comment covers the areas the row leaves empty.
        var parts: [String] = []
        if let general = answer.general, !general.isEmpty { parts.append(general) }
        for area in goalAreas {
            guard let cell = answer.areas[area.id], !cell.text.isEmpty else { continue }
            parts.append("Målområde \(area.id)\n\n\(cell.text)")
        }
        var reading = AnswerReader.read([AnswerSource(text: parts.joined(separator: "\n\n"))], goalAreas: goalAreas)
        for area in goalAreas {
            guard let chosen = answer.areas[area.id]?.stance, let stance = StanceReader.stance(in: chosen) else { continue }
            let text = answer.areas[area.id]?.text ?? ""
            let evidence = Evidence(clause: chosen, rule: .formColumn)
            if let index = reading.areas.firstIndex(where: { $0.area == area.id }) {
                reading.areas[index].stance = stance
                reading.areas[index].evidence = evidence
            } else {
                reading.areas.append(AreaReading(area: area.id, stance: stance, text: text, evidence: evidence))
            }
        }
        // A stance chosen in a column settles the area: its text needs no stance word.
        let chosen = Set(goalAreas.map(\.id).filter { answer.areas[$0]?.stance.flatMap(StanceReader.stance(in:)) != nil })
        reading.flags.removeAll { flag in
            if case .areaWithoutStance(let area, _) = flag { return chosen.contains(area) }
            return false
        }
        reading.areas.sort { lhs, rhs in
            (goalAreas.firstIndex { $0.id == lhs.area } ?? 0) < (goalAreas.firstIndex { $0.id == rhs.area } ?? 0)
        }
        return reading
    }

    /// The body a CSV cell names: its code, its name, or an address of exactly one body.
    static func body(named cell: String, among bodies: [Body]) -> Body? {
        let text = cell.trimmingCharacters(in: .whitespacesAndNewlines)
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        if let byID = bodies.first(where: { $0.id.caseInsensitiveCompare(text) == .orderedSame }) { return byID }
        let byName = bodies.filter { $0.name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) == folded }
        if byName.count == 1 { return byName[0] }
        if let address = try? EmailAddress(text) {
            let byAddress = bodies.filter { $0.isKnown(by: address) }
            if byAddress.count == 1 { return byAddress[0] }
        }
        return nil
    }

    func tally(_ outcomes: [ImportOutcome], items: [ImportItem], into result: inout FileResult) {
        for (outcome, _) in zip(outcomes, items) {
            switch outcome {
            case .duplicate:
                result.duplicates += 1
            case .imported(let kind, let registration):
                result.imported[kind, default: 0] += 1
                result.registrations.append(registration)
            }
        }
    }
}

/// What matching needs, read once per file: the open rounds, the registry and the sent messages.
struct MatchContext {
    let registry: Registry
    let rounds: [String: Consultation]
    let matcher: ReplyMatcher
    /// The SHA-256 of each round's own documents (the mailout's attachments), which replies often send back.
    let roundDocuments: [String: Set<String>]
    /// What the reader knows of each open round, built once for all its replies.
    let readingContexts: [String: ReadingContext]

    init(_ workspace: Workspace) throws {
        registry = try workspace.database.registry()
        let stored = try workspace.database.consultations().filter { $0.closedAt == nil }
        let open = stored.map(\.consultation)
        rounds = Dictionary(uniqueKeysWithValues: open.map { ($0.id, $0) })
        readingContexts = Dictionary(uniqueKeysWithValues: open.map { ($0.id, ReadingContext($0.goalAreas)) })
        roundDocuments = Dictionary(
            uniqueKeysWithValues: stored.map { round in
                let folder = URL(fileURLWithPath: round.sourcePath).deletingLastPathComponent()
                let hashes = round.consultation.mailout.attachments.compactMap { relative in
                    FileManager.default.contents(atPath: folder.appendingPathComponent(relative).path).map(SHA256.hex)
                }
                return (round.consultation.id, Set(hashes))
            })
        let index = try workspace.database.sentMessageIndex()
        let registry = self.registry
        matcher = ReplyMatcher(
            sentMessages: index.messages, replyTokens: index.tokens,
            rounds: open.map { (id: $0.id, reference: $0.reference, recipients: $0.recipients(in: registry)) })
    }

    /// The round a CSV file answers: the one named, or the only open one.
    func round(for id: String?, file: String) throws -> Consultation {
        if let id {
            guard let round = rounds[id] else { throw SamradError(.noInput, "there is no open round '\(id)'") }
            return round
        }
        guard rounds.count == 1, let only = rounds.values.first else {
            throw SamradError(
                .usage,
                "\(file): a CSV file does not say which round it answers; name it with --consultation ID (open rounds: \(rounds.keys.sorted().joined(separator: ", ")))"
            )
        }
        return only
    }
}

extension FeedbackImporter {
    /// Assigns a message to a body by hand — one that matched no body, or one assigned before — and reads it
    /// again as that body's answer. Returns its register number.
    public func assign(messageID: String, body bodyID: String, consultation: String?) throws -> String {
        let key = messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
        guard let stored = try workspace.database.assignableRaw(key) else {
            throw SamradError(.noInput, "no unmatched or answering message has the Message-ID \(key); 'samrad unmatched' lists them")
        }
        guard context.registry[bodyID] != nil else {
            throw SamradError(.dataError, "there is no body '\(bodyID)' in the registry; 'samrad contacts list' shows the ids")
        }
        let round: Consultation
        if let consultation {
            guard let named = context.rounds[consultation] else { throw SamradError(.noInput, "there is no open round '\(consultation)'") }
            round = named
        } else {
            let holding = context.rounds.values.filter { $0.recipients(in: context.registry).contains { $0.id == bodyID } }
            guard holding.count == 1 else {
                throw SamradError(.usage, "\(bodyID) is a recipient of \(holding.count) open rounds; name one with --consultation ID")
            }
            round = holding[0]
        }
        guard round.recipients(in: context.registry).contains(where: { $0.id == bodyID }) else {
            throw SamradError(
                .dataError, "\(bodyID) is not a recipient of round \(round.id); 'samrad consultation show \(round.id)' lists them")
        }
        let mail: ParsedMail
        do {
            mail = try MailReader.parse(stored.raw)
        } catch {
            throw SamradError(.dataError, "the message \(key) cannot be read: \(error)")
        }
        let date = stored.sentAt ?? workspace.now()
        let reading = read(mail, round: round)
        let now = workspace.now()
        return try workspace.database.assign(
            key, to: RoundBody(consultation: round.id, body: bodyID), late: date >= round.deadlineInstant,
            contributions: Contribution.of(reading.reading), review: ReviewNote.notes(for: reading.reading) + reading.notes,
            now: now,
            audit: { registration in
                workspace.auditNote(
                    "assign", consultation: round.id,
                    "<\(key)> to \(bodyID): \(registration) (from \(stored.sender ?? "an unknown sender"))")
            })
    }

    /// Undoes an assignment: the message waits in `samrad unmatched` again, and its answer no longer counts.
    public func unassign(messageID: String) throws -> RoundBody {
        let key = messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
        do {
            return try workspace.database.unassign(key, now: workspace.now()) { pair in
                workspace.auditNote("unassign", consultation: pair.consultation, "<\(key)> unassigned from \(pair.body)")
            }
        } catch let error as StoreError {
            throw SamradError(.noInput, error.description)
        }
    }
}
