public import Foundation

/// Deterrence (执行威慑): the nine measures with their legal rules, the removal of listings, and
/// the dishonest-list feed the public credit platform reads.
///
/// Every measure is a node event of its case. Every change to the published list (a listing, an
/// extension, a removal) appends one entry to the feed in the same transaction, so the feed is
/// exactly the list's history, and the daily exports are cut from it by position.
public struct DeterrenceWorkflow: Sendable {
    public let domain: Domain

    public init(domain: Domain) { self.domain = domain }

    public var policy: DeterrencePolicy { domain.deterrence }
    public var calendar: WorkingCalendar { domain.calendar }

    var store: any EnforcementStore { domain.store }

    // MARK: Imposing and lifting

    /// Imposes a measure. A listing also puts the debtor under a consumption restriction in the
    /// same transaction if none is in force; the answer lists every measure written, the asked one first.
    public func impose(_ command: ImposeMeasure, by caller: Caller, requestID: String) async throws -> [Measure] {
        let number = try CaseNumber(parsing: command.caseNumber)
        guard let kind = command.kind else {
            throw EnforcementError.invalid("kind", "the measure's kind is required: \(MeasureKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let document = try CaseWorkflow.requiredText(command.document, field: "document", rule: "a measure is imposed by a decision; give its number")
        let note = try CaseWorkflow.optionalText(command.note, field: "note", limit: 1000)
        var listingGround: ListingGround?
        var listingYears: Int?
        if kind == .dishonestList {
            guard let raw = command.ground else {
                throw EnforcementError.invalid("ground", "a listing states its legal ground, 1 to 6")
            }
            guard let parsed = ListingGround(rawValue: raw) else {
                throw EnforcementError.invalid("ground", "the listing grounds are 1 to 6, not \(raw)")
            }
            listingGround = parsed
            listingYears = try policy.listingTerm(ground: parsed, requestedYears: command.termYears)
        } else if command.ground != nil || command.termYears != nil {
            throw EnforcementError.invalid("ground", "a ground and a term belong to a listing only")
        }
        guard command.seizedAssetsValueFen >= 0, command.seizedAssetsValueFen <= Money.maximum.fen else {
            throw EnforcementError.invalid("seized_assets_value_fen", "a value in fen from 0 to \(Money.maximum.fen)")
        }
        if kind != .fine, command.fineFen != nil { throw EnforcementError.invalid("fine_fen", "an amount belongs to a fine only") }
        if kind != .detention, command.detentionDays != nil { throw EnforcementError.invalid("detention_days", "days belong to a detention only") }
        if kind == .fine, command.fineFen == nil { throw EnforcementError.invalid("fine_fen", "a fine states its amount") }
        if kind == .detention {
            guard let days = command.detentionDays else { throw EnforcementError.invalid("detention_days", "a detention states its days, 1 to 15") }
            try policy.checkDetention(days: days)
        }
        let bound = try Self.boundPersons(command.boundPersons)
        let today = domain.clock.today()
        let start = try Self.optionalDate(command.startOn, field: "start_on") ?? today
        let requestedEnd = try Self.optionalDate(command.endOn, field: "end_on")
        if let requestedEnd, requestedEnd < start { throw EnforcementError.invalid("end_on", "a measure ends on or after its start \(start)") }
        // Legal bounds of the dates: a measure starts within a year from today, and a given end lies
        // within the longest term any measure has (5 years, 失信 grounds 2–6), so every derived date stays readable.
        guard start <= today.adding(days: 366) else {
            throw EnforcementError.invalid("start_on", "a measure starts at most a year ahead (by \(today.adding(days: 366))), got \(start)")
        }
        if let requestedEnd, requestedEnd > start.adding(months: 12 * 5) {
            throw EnforcementError.invalid("end_on", "a measure's end lies at most 5 years after its start (by \(start.adding(months: 60))), got \(requestedEnd)")
        }
        if kind == .dishonestList || kind == .detention || kind == .fine, requestedEnd != nil {
            throw EnforcementError.invalid("end_on", "the end of a \(kind.rawValue) follows from its rule; leave end_on empty")
        }
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        try domain.requireChangeRight(caller, number)
        let policy = self.policy
        let nodes = domain.nodes
        let courts = domain.courts
        let (ground, termYears) = (listingGround, listingYears)
        let written: [Measure] = try await store.write(context) { tx in
            var record = try CaseWorkflow.load(number, tx.cases)
            try record.requireOpen()
            guard start >= record.filedOn else {
                throw EnforcementError.invalid("start_on", "a measure starts on or after the filing of case \(number) on \(record.filedOn), got \(start)")
            }
            guard record.debtors.indices.contains(command.debtorIndex) else {
                throw EnforcementError.invalid("debtor_index", "case \(number) has \(record.debtors.count) debtor(s); index \(command.debtorIndex) names none")
            }
            let debtor = record.debtors[command.debtorIndex]
            if !debtor.isPerson, kind == .consumptionRestriction || kind == .dishonestList || kind.bindsAPerson,
               !bound.contains(where: { $0.role == .legalRepresentative }) {
                throw EnforcementError.invalid("bound_persons", "\(debtor.name) is an organisation: name its legal representative (法定代表人), whom the measure also binds")
            }
            if debtor.isPerson, !bound.isEmpty {
                throw EnforcementError.invalid("bound_persons", "\(debtor.name) is a person; bound persons belong to an organisation debtor")
            }
            if let fen = command.fineFen { try policy.checkFine(Money(fen: fen), person: debtor.isPerson) }
            let existing = try tx.measures.list(MeasureFilter(caseNumber: number, status: .inForce, limit: 10_000))
                .filter { $0.debtorIndex == command.debtorIndex }
            var draft = Measure(
                caseNumber: number, kind: kind, debtorIndex: command.debtorIndex, debtorName: debtor.name, debtorIDNumber: debtor.idNumber,
                debtorIsPerson: debtor.isPerson, boundPersons: bound, imposedBy: caller.description, imposedAt: context.at, document: document,
                startOn: start, endOn: requestedEnd, ground: ground, termYears: termYears, fine: command.fineFen.map { Money(fen: $0) },
                detentionDays: command.detentionDays, note: note,
                steps: [MeasureStep(kind: .imposed, at: context.at, by: caller.description, document: document, note: note)])
            switch kind {
            case .dishonestList:
                guard !existing.contains(where: { $0.kind == .dishonestList }) else {
                    throw EnforcementError(.alreadyExists, field: "debtor_index", "\(debtor.name) is already on the dishonest-debtor list for case \(number)")
                }
                // The outstanding amount as the ledger has it: sought + fee + late interest − money received.
                let outstanding = try ControlRoom.of(record, on: start, controls: tx.controls, ledger: tx.ledger).outstanding
                if let refusal = policy.listingRefusal(debtor: debtor, on: start, seizedValue: Money(fen: command.seizedAssetsValueFen),
                                                       outstanding: outstanding, securityGiven: command.securityGiven) {
                    throw refusal
                }
                draft.endOn = termYears.map { start.adding(months: 12 * $0).adding(days: -1) }
            case .detention:
                draft.endOn = start.adding(days: (command.detentionDays ?? 1) - 1)
                draft.familyNoticeDueBy = context.at.addingTimeInterval(TimeInterval(policy.familyNoticeHours * 3600))
                draft.reviewRequestBy = start.adding(days: policy.reviewRequestDays)
            case .fine:
                draft.reviewRequestBy = start.adding(days: policy.reviewRequestDays)
            case .consumptionRestriction:
                guard !existing.contains(where: { $0.kind == .consumptionRestriction }) else {
                    throw EnforcementError(.alreadyExists, field: "debtor_index", "\(debtor.name) is already under a consumption restriction in case \(number)")
                }
            default: break
            }
            var result: [Measure] = []
            var measure = try tx.measures.insert(draft)
            try Self.recordNode(kind.nodeCode, measure: measure, note: "\(measure.id) \(kind.nameZh)", record: &record, tx: tx, nodes: nodes, context: context)
            if kind == .dishonestList {
                // Every listed debtor is also under a consumption restriction (for an organisation, with its legal representative).
                if let restriction = existing.first(where: { $0.kind == .consumptionRestriction }) {
                    measure.linkedMeasureID = restriction.id
                } else {
                    var companion = Measure(
                        caseNumber: number, kind: .consumptionRestriction, debtorIndex: command.debtorIndex, debtorName: debtor.name,
                        debtorIDNumber: debtor.idNumber, debtorIsPerson: debtor.isPerson, boundPersons: bound, imposedBy: caller.description,
                        imposedAt: context.at, document: document, startOn: start, endOn: nil, linkedMeasureID: measure.id,
                        note: "imposed with the listing \(measure.id)",
                        steps: [MeasureStep(kind: .imposed, at: context.at, by: caller.description, document: document, note: "with listing \(measure.id)")])
                    companion = try tx.measures.insert(companion)
                    measure.linkedMeasureID = companion.id
                    try Self.recordNode(MeasureKind.consumptionRestriction.nodeCode, measure: companion, note: "\(companion.id) 限制高消费（随失信名单）",
                                        record: &record, tx: tx, nodes: nodes, context: context)
                    result.append(companion)
                }
                try tx.measures.update(measure)
                _ = try tx.measures.append(DishonestFeedEntry(change: .added, at: context.at,
                                                     record: try Self.publicRecord(measure, record, ledger: tx.ledger, courts: courts)))
            }
            try tx.cases.update(record)
            return ([measure] + result, measure.id)
        }
        if kind == .dishonestList { domain.feed.publish() }
        return written
    }

    /// Lifts a measure in force. A consumption restriction stays while its debtor is listed.
    public func lift(_ command: LiftMeasure, by caller: Caller, requestID: String) async throws -> Measure {
        let document = try CaseWorkflow.requiredText(command.document, field: "document", rule: "a measure is lifted by a decision; give its number")
        let reason = try CaseWorkflow.requiredText(command.reason, field: "reason", rule: "state why the measure is lifted", limit: 1000)
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let nodes = domain.nodes
        let courts = domain.courts
        let measure: Measure = try await store.write(context) { tx in
            var measure = try Self.load(command.measureID, tx.measures)
            guard caller.mayChange(measure.caseNumber) else {
                throw EnforcementError(.permissionDenied, field: "measure_id", "only court \(measure.caseNumber.court) lifts measures of its case")
            }
            guard measure.isInForce else {
                throw EnforcementError.precondition("\(measure.id) is not in force (\(measure.status.rawValue)); only a measure in force is lifted", field: "measure_id")
            }
            if measure.kind == .consumptionRestriction {
                let listing = try tx.measures.list(MeasureFilter(caseNumber: measure.caseNumber, kind: .dishonestList, status: .inForce, limit: 10_000))
                    .first { $0.debtorIndex == measure.debtorIndex }
                if let listing {
                    throw EnforcementError.precondition("\(measure.debtorName) is on the dishonest-debtor list (\(listing.id)); every listed debtor stays under a consumption restriction — remove the listing first", field: "measure_id")
                }
            }
            var record = try CaseWorkflow.load(measure.caseNumber, tx.cases)
            measure.status = .lifted
            measure.liftedAt = context.at
            measure.liftReason = reason
            measure.steps.append(MeasureStep(kind: .lifted, at: context.at, by: caller.description, document: document, note: reason))
            try tx.measures.update(measure)
            try Self.recordNode(measure.kind.liftNodeCode, measure: measure, note: "\(measure.id) \(measure.kind.nameZh) 解除：\(reason)",
                                record: &record, tx: tx, nodes: nodes, context: context)
            try tx.cases.update(record)
            if measure.kind == .dishonestList {
                var published = try Self.publicRecord(measure, record, ledger: tx.ledger, courts: courts)
                published.removedOn = CalendarDate(context.at)
                published.removalReason = measure.removal?.event.nameZh ?? reason
                _ = try tx.measures.append(DishonestFeedEntry(change: .removed, at: context.at, record: published))
            }
            return (measure, measure.id)
        }
        if measure.kind == .dishonestList { domain.feed.publish() }
        return measure
    }

    /// Extends a listing on grounds 2–6 to a term of at most 2 + 3 years.
    public func extend(_ command: ExtendListing, by caller: Caller, requestID: String) async throws -> Measure {
        let document = try CaseWorkflow.requiredText(command.document, field: "document", rule: "an extension is decided by a document; give its number")
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let policy = self.policy
        let courts = domain.courts
        let measure: Measure = try await store.write(context) { tx in
            var measure = try Self.load(command.measureID, tx.measures)
            guard caller.mayChange(measure.caseNumber) else {
                throw EnforcementError(.permissionDenied, field: "measure_id", "only court \(measure.caseNumber.court) extends listings of its case")
            }
            guard measure.kind == .dishonestList, let ground = measure.ground else {
                throw EnforcementError.precondition("\(measure.id) is a \(measure.kind.rawValue); only a listing is extended", field: "measure_id")
            }
            guard measure.isInForce else {
                throw EnforcementError.precondition("\(measure.id) is not in force (\(measure.status.rawValue))", field: "measure_id")
            }
            guard let current = measure.termYears, let years = try policy.listingTerm(ground: ground, requestedYears: command.termYears) else {
                throw EnforcementError.precondition("a listing on ground 1 has no fixed term to extend", field: "measure_id")
            }
            guard years > current else {
                throw EnforcementError.invalid("term_years", "the new term (\(years) years) must be longer than the current \(current)")
            }
            measure.termYears = years
            measure.endOn = measure.startOn.adding(months: 12 * years).adding(days: -1)
            measure.steps.append(MeasureStep(kind: .extended, at: context.at, by: caller.description, document: document, note: "\(current) → \(years) years"))
            try tx.measures.update(measure)
            let record = try CaseWorkflow.load(measure.caseNumber, tx.cases)
            _ = try tx.measures.append(DishonestFeedEntry(change: .changed, at: context.at, record: try Self.publicRecord(measure, record, ledger: tx.ledger, courts: courts)))
            return (measure, measure.id)
        }
        domain.feed.publish()
        return measure
    }

    /// Records a removal event: every listing in force of the case (or of one debtor) is due for
    /// removal within 3 working days.
    public func reportRemovalEvent(_ command: ReportRemovalEvent, by caller: Caller, requestID: String) async throws -> [Measure] {
        let number = try CaseNumber(parsing: command.caseNumber)
        guard let event = command.event else {
            throw EnforcementError.invalid("event", "name the removal event: \(RemovalEvent.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let document = try CaseWorkflow.optionalText(command.document, field: "document")
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        try domain.requireChangeRight(caller, number)
        let (policy, calendar) = (self.policy, self.calendar)
        return try await store.write(context) { tx in
            let record = try CaseWorkflow.load(number, tx.cases)
            if let index = command.debtorIndex, !record.debtors.indices.contains(index) {
                throw EnforcementError.invalid("debtor_index", "case \(number) has \(record.debtors.count) debtor(s); index \(index) names none")
            }
            let marked = try Self.markRemovalDue(number, event: event, debtorIndex: command.debtorIndex, document: document, tx: tx,
                                                 context: context, policy: policy, calendar: calendar)
            guard !marked.isEmpty else {
                throw EnforcementError.precondition("case \(number) has no listing in force\(command.debtorIndex.map { " for debtor \($0)" } ?? "") to remove", field: "case_number")
            }
            return (marked, number.description)
        }
    }

    /// A later fact of a detention or fine: the family told, a review asked for (within 3 days), decided (within 5).
    public func recordStep(_ command: RecordMeasureStep, by caller: Caller, requestID: String) async throws -> Measure {
        guard let step = command.step else {
            throw EnforcementError.invalid("step", "name the step: \(RecordMeasureStep.Step.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let document = try CaseWorkflow.optionalText(command.document, field: "document")
        let note = try CaseWorkflow.optionalText(command.note, field: "note", limit: 1000)
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let policy = self.policy
        return try await store.write(context) { tx in
            var measure = try Self.load(command.measureID, tx.measures)
            guard caller.mayChange(measure.caseNumber) else {
                throw EnforcementError(.permissionDenied, field: "measure_id", "only court \(measure.caseNumber.court) records steps of its measures")
            }
            let today = CalendarDate(context.at)
            switch step {
            case .familyNotified:
                guard measure.kind == .detention else { throw EnforcementError.precondition("only a detention has a family notice", field: "measure_id") }
                guard measure.familyNotifiedAt == nil else { throw EnforcementError(.alreadyExists, field: "measure_id", "the family of \(measure.id) was already told") }
                measure.familyNotifiedAt = context.at
            case .reviewRequested:
                guard let last = measure.reviewRequestBy else { throw EnforcementError.precondition("only a detention or fine can be reviewed", field: "measure_id") }
                guard measure.reviewRequestedOn == nil else { throw EnforcementError(.alreadyExists, field: "measure_id", "a review of \(measure.id) was already asked for") }
                guard today <= last else {
                    throw EnforcementError.precondition("a review is asked for within \(policy.reviewRequestDays) days, by \(last); today is \(today)", field: "measure_id")
                }
                measure.reviewRequestedOn = today
                measure.reviewDecideBy = today.adding(days: policy.reviewDecisionDays)
            case .reviewDecided:
                guard measure.reviewRequestedOn != nil, measure.reviewDecidedOn == nil else {
                    throw EnforcementError.precondition("\(measure.id) has no review waiting for a decision", field: "measure_id")
                }
                guard note != nil else { throw EnforcementError.invalid("note", "state the review's decision") }
                measure.reviewDecidedOn = today
            }
            let kind = MeasureStep.Kind(rawValue: step.rawValue) ?? .imposed
            measure.steps.append(MeasureStep(kind: kind, at: context.at, by: caller.description, document: document, note: note))
            try tx.measures.update(measure)
            return (measure, measure.id)
        }
    }

    // MARK: Reads

    /// Measures of a case, or a court's, or (command centre) any court's.
    public func list(caseNumber rawCase: String?, court rawCourt: String?, kind: MeasureKind?, status: MeasureStatus?, removalDueOnly: Bool,
                     after: Int64, limit: Int, by caller: Caller) async throws -> [Measure] {
        var filter = MeasureFilter(kind: kind, status: status, removalDueOnly: removalDueOnly, after: after, limit: try PageSize.resolve(limit))
        if let rawCase, !rawCase.isEmpty {
            let number = try CaseNumber(parsing: rawCase)
            try domain.requireReadRight(caller, number)
            filter.caseNumber = number
        }
        if let rawCourt, !rawCourt.isEmpty { filter.court = try CourtCode(rawCourt, field: "court") }
        if !caller.isCityWide, filter.caseNumber == nil {
            guard let own = caller.court else { throw EnforcementError(.permissionDenied, "\(caller.principal) has no measures to list") }
            if let asked = filter.court, asked != own { throw EnforcementError(.permissionDenied, field: "court", "a court lists its own measures") }
            filter.court = own
        }
        return try await store.read { [filter] reader in try reader.measures.list(filter) }
    }

    /// A page of the feed after `cursor`, and the feed's last position. A cursor beyond the last
    /// position was never given out: INVALID_ARGUMENT.
    public func feedPage(after cursor: Int64, limit: Int) async throws -> (entries: [DishonestFeedEntry], last: Int64) {
        let size = try PageSize.resolve(limit)
        guard cursor >= 0 else { throw EnforcementError.invalid("cursor", "a cursor is 0 or a position the feed gave out, not \(cursor)") }
        return try await store.read { reader in
            let last = try reader.measures.lastDishonestFeedPosition()
            guard cursor <= last else {
                throw EnforcementError.invalid("cursor", "cursor \(cursor) is beyond the feed's last position \(last); it was not given out by this feed")
            }
            return (try reader.measures.feed(after: cursor, limit: size), last)
        }
    }

    /// Every entry after `cursor`, then each new one as it is committed.
    public func watchFeed(after cursor: Int64, deliver: @Sendable (DishonestFeedEntry) async throws -> Void) async throws {
        _ = try await feedPage(after: cursor, limit: 1)
        let high = try await store.read { reader in try reader.measures.lastDishonestFeedPosition() }
        let store = self.store
        try await domain.feed.watch(
            high: high,
            page: { after, _ in try await store.read { reader in try reader.measures.feed(after: max(after, cursor), limit: 200) } },
            position: \.position, wanted: { $0.position > cursor }, deliver: deliver)
    }

    // MARK: Daily exports

    static let exportCaller = Caller(principal: .system("dishonest-export"))

    /// Makes every daily export up to `day` not yet made (a missed day is caught up in order), and
    /// answers the export of `day` with its entries. Only a day that has ended is exported.
    public func export(day: CalendarDate) async throws -> (export: DailyExport, entries: [DishonestFeedEntry]) {
        let today = domain.clock.today()
        guard day < today else {
            throw EnforcementError.precondition("\(day) has not ended (today is \(today)); a day is exported once it is over", field: "day")
        }
        let made = try await makeExports(through: day)
        var found = made.first { $0.day == day }
        if found == nil { found = try await store.read { reader in try reader.measures.dailyExport(day) } }
        guard let export = found else {
            throw EnforcementError(.notFound, field: "day", "no export of \(day): the feed starts later")
        }
        return (export, try await entries(of: export))
    }

    /// Makes the missing exports through `day`, one per day from the day after the last export
    /// (or from the first day of the feed); answers the exports made.
    @discardableResult
    public func makeExports(through day: CalendarDate) async throws -> [DailyExport] {
        // Nothing to make (the export exists, or the feed starts later): a read, nothing written.
        let nothingToMake = try await store.read { reader -> Bool in
            if let last = try reader.measures.lastDailyExport() { return last.day >= day }
            guard let first = try reader.measures.feed(after: 0, limit: 1).first else { return true }
            return CalendarDate(first.at) > day
        }
        if nothingToMake { return [] }
        let context = try domain.writeContext(ExportAction(day: day), caller: Self.exportCaller, requestID: "dishonest-export/\(day)")
        return try await store.write(context) { tx in
            var made: [DailyExport] = []
            let last = try tx.measures.lastDailyExport()
            if let last, last.day >= day { return ([], day.description) }
            var next: CalendarDate
            var after: Int64
            if let last {
                next = last.day.adding(days: 1)
                after = last.throughPosition
            } else {
                guard let first = try tx.measures.feed(after: 0, limit: 1).first else { return ([], day.description) }
                next = CalendarDate(first.at)
                after = 0
            }
            while next <= day {
                let through = max(after, try tx.measures.lastDishonestFeedPosition(before: next.adding(days: 1).startInstant))
                // Positions are contiguous (MAX + 1 in the writing transaction, never deleted): the count follows.
                let export = DailyExport(day: next, afterPosition: after, throughPosition: through, count: Int(through - after), madeAt: context.at)
                try tx.measures.insert(export)
                made.append(export)
                after = through
                next = next.adding(days: 1)
            }
            return (made, day.description)
        }
    }

    /// The entries of an export, in feed order.
    public func entries(of export: DailyExport) async throws -> [DishonestFeedEntry] {
        try await store.read { reader in
            var result: [DishonestFeedEntry] = []
            var cursor = export.afterPosition
            while cursor < export.throughPosition {
                let page = try reader.measures.feed(after: cursor, limit: 500).filter { $0.position <= export.throughPosition }
                guard let last = page.last else { break }
                result += page
                cursor = last.position
            }
            return result
        }
    }

    // MARK: Helpers

    /// Marks the listings in force of a case as due for removal; used by the removal-event call,
    /// by case closing and by the monitor (term ended).
    static func markRemovalDue(_ number: CaseNumber, event: RemovalEvent, debtorIndex: Int?, document: String?, tx: any StoreTransaction,
                               context: WriteContext, policy: DeterrencePolicy, calendar: WorkingCalendar, only id: String? = nil) throws -> [Measure] {
        let listings = try tx.measures.list(MeasureFilter(caseNumber: number, kind: .dishonestList, status: .inForce, limit: 10_000))
            .filter { (debtorIndex == nil || $0.debtorIndex == debtorIndex) && (id == nil || $0.id == id) && $0.removal == nil }
        let today = CalendarDate(context.at)
        return try listings.map { listing in
            var listing = listing
            let due = policy.removalDue(after: today, calendar: calendar)
            listing.removal = RemovalDue(event: event, recordedAt: context.at, dueOn: due, document: document)
            listing.steps.append(MeasureStep(kind: .removalDue, at: context.at, by: context.caller.description, document: document,
                                             note: "\(event.nameZh)：应于\(due)前移出（\(policy.removalWorkingDays)个工作日）"))
            try tx.measures.update(listing)
            return listing
        }
    }

    /// The removal event a closing mode is, if any.
    static func removalEvent(closing mode: ClosingMode) -> RemovalEvent? {
        switch mode {
        case .fullyEnforced: .debtPerformed
        case .enforcementTerminated, .enforcementRefused: .enforcementRefusedOrTerminated
        default: nil
        }
    }

    static func recordNode(_ code: String, measure: Measure, note: String, record: inout EnforcementCase, tx: any StoreTransaction,
                           nodes: ProcessNodeCatalogue, context: WriteContext) throws {
        let node = nodes.system(code)
        record.nodesReached.insert(node.code)
        _ = try tx.cases.append(NodeEvent(caseNumber: measure.caseNumber, node: node, occurredAt: context.at, recordedBy: context.caller.description,
                                    documentNumber: measure.steps.last?.document ?? measure.document, note: note, filedOn: record.filedOn))
    }

    static func load(_ id: String, _ reader: any MeasureReader) throws -> Measure {
        guard let measure = try reader.measure(id) else {
            throw EnforcementError(.notFound, field: "measure_id", "no measure \(id)")
        }
        return measure
    }

    /// Money received for the case so far (receipts credited or matched to it).
    /// The listing as the national list publishes it.
    static func publicRecord(_ measure: Measure, _ record: EnforcementCase, ledger: any LedgerReader, courts: CourtRegistry) throws -> DishonestRecord {
        let paid = try ControlRoom.credited(record.number, ledger)
        let performance: PerformanceStatus = paid.fen == 0 ? .notPerformed : (paid >= record.amountSought ? .performed : .partlyPerformed)
        return DishonestRecord(
            measureID: measure.id, name: measure.debtorName, idNumber: measure.publicDebtorIDNumber, isPerson: measure.debtorIsPerson,
            legalRepresentative: measure.boundPersons.first { $0.role == .legalRepresentative }?.name,
            courtCode: record.court.value, courtName: courts.court(record.court)?.name ?? record.court.value,
            caseNumber: record.number.description, basisDocument: record.titleDocument,
            obligation: "给付人民币\(record.amountSought)元", performance: performance,
            behaviour: measure.ground?.behaviourZh ?? "", ground: measure.ground?.rawValue ?? 0, decisionDocument: measure.document,
            publishedOn: CalendarDate(measure.imposedAt), endsOn: measure.endOn)
    }

    static func boundPersons(_ inputs: [BoundPersonInput]) throws(EnforcementError) -> [BoundPerson] {
        guard inputs.count <= 4 else { throw .invalid("bound_persons", "at most 4 bound persons") }
        var result: [BoundPerson] = []
        for (index, input) in inputs.enumerated() {
            let name = try CaseWorkflow.requiredText(input.name, field: "bound_persons[\(index)].name", rule: "name the person")
            let id = try PersonID(input.idNumber, field: "bound_persons[\(index)].id_number")
            guard !result.contains(where: { $0.role == input.role }) else {
                throw .invalid("bound_persons[\(index)].role", "one \(input.role.rawValue) per measure")
            }
            result.append(BoundPerson(role: input.role, name: name, idNumber: id))
        }
        return result
    }

    static func optionalDate(_ text: String, field: String) throws(EnforcementError) -> CalendarDate? {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { return nil }
        guard let date = CalendarDate(iso: trimmed) else { throw .invalid(field, "a date is YYYY-MM-DD in the years \(CalendarDate.legalYears.lowerBound)–\(CalendarDate.legalYears.upperBound), got '\(trimmed.prefix(20))'") }
        return date
    }
}

struct ExportAction: CaseCommand, Hashable {
    static let action = "dishonest.export"
    var day: CalendarDate
}
