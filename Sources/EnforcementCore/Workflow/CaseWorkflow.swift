public import Foundation

/// The case workflow (执行流程管理): every rule of filing, nodes, suspension, limits and closing.
///
/// Each method validates, then runs one store transaction that changes the case, appends its
/// node event, the journal entry and the idempotency record together.
public struct CaseWorkflow: Sendable {
    /// The context every workflow shares: store, clock, registries, policies, feed.
    public let domain: Domain

    public var store: any EnforcementStore { domain.store }
    public var clock: any WallClock { domain.clock }
    public var courts: CourtRegistry { domain.courts }
    public var nodes: ProcessNodeCatalogue { domain.nodes }
    public var limits: TimeLimitPolicy { domain.limits }
    public var institutions: InstitutionRegistry { domain.institutions }
    public var controlPolicy: ControlPolicy { domain.controlPolicy }
    public var feed: ChangeFeed { domain.feed }
    public var deterrence: DeterrencePolicy { domain.deterrence }
    public var calendar: WorkingCalendar { domain.calendar }

    public init(domain: Domain) { self.domain = domain }

    // MARK: Writes

    /// Files a case in the caller's court and allocates its number; records the `case_filed` node
    /// and, in the same transaction, opens one escrow account per debtor (一案一人一账号) and
    /// launches a query to every connected institution (立案自动查询).
    public func fileCase(_ command: FileCase, by caller: Caller, requestID: String) async throws -> CaseSummary {
        guard let courtCode = caller.court else {
            throw EnforcementError(.permissionDenied, "only a court files cases, not \(caller.principal)")
        }
        _ = try courts.cityCourt(courtCode, field: "caller")
        let draft = try Self.validate(command)
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let today = CalendarDate(context.at)
        let filedNode = nodes.system("case_filed")
        let assignedNode = nodes.system("handler_assigned")
        let limits = self.limits
        let connected = institutions.connected
        let nodes = self.nodes
        let summary: CaseSummary = try await store.write(context) { tx in
            if let previous = draft.resumedFrom {
                guard previous.court == courtCode else {
                    throw EnforcementError.invalid("resumed_from", "a 执恢 case resumes a case of the same court")
                }
                guard let old = try tx.cases.record(previous) else {
                    throw EnforcementError(.notFound, field: "resumed_from", "case \(previous) does not exist")
                }
                guard old.status == .closed else {
                    throw EnforcementError.precondition("a 执恢 case resumes a closed case; \(previous) is \(old.status.rawValue)", field: "resumed_from")
                }
            }
            let sequence = try tx.cases.nextSequence(year: today.year, court: courtCode, type: draft.type)
            let number = CaseNumber(year: today.year, court: courtCode, type: draft.type, sequence: sequence)
            var record = EnforcementCase(
                number: number, titleKind: draft.titleKind, titleDocument: draft.titleDocument,
                applicants: draft.applicants, debtors: draft.debtors, amountSought: draft.amount,
                handlingJudge: draft.judge, status: .pending, filedOn: today, filedAt: context.at,
                limitMonths: limits.limitMonths(for: draft.titleKind), extensionMonths: 0, suspensions: [],
                closing: nil, resumedFrom: draft.resumedFrom, nodesReached: [filedNode.code])
            if draft.judge != nil { record.nodesReached.insert(assignedNode.code) }
            record.causeTags = draft.causeTags.isEmpty ? nil : draft.causeTags
            try tx.cases.insert(record)
            let by = caller.description
            _ = try tx.cases.append(NodeEvent(caseNumber: number, node: filedNode, occurredAt: context.at, recordedBy: by, filedOn: today))
            if let judge = draft.judge {
                _ = try tx.cases.append(
                    NodeEvent(caseNumber: number, node: assignedNode, occurredAt: context.at, recordedBy: by, note: judge, filedOn: today))
            }
            try CaseEffects.atFiling(&record, connected: connected, nodes: nodes, by: caller, context: context, tx: tx)
            return (CaseSummary(record, asOf: today), number.description)
        }
        if !connected.isEmpty { feed.publish() }
        return summary
    }

    public func assignJudge(_ command: AssignJudge, by caller: Caller, requestID: String) async throws -> CaseSummary {
        let number = try CaseNumber(parsing: command.caseNumber)
        let judge = try Self.requiredText(command.handlingJudge, field: "handling_judge", rule: "the handling judge is required")
        let node = nodes.system("handler_assigned")
        return try await change(number, command, caller: caller, requestID: requestID) { record, tx, context in
            try record.requireOpen()
            record.handlingJudge = judge
            record.nodesReached.insert(node.code)
            _ = try tx.cases.append(
                NodeEvent(caseNumber: number, node: node, occurredAt: context.at, recordedBy: caller.description, note: judge, filedOn: record.filedOn))
        }
    }

    /// Records a process node; nodes with their own call (filing, suspension, …) are refused here.
    public func recordNode(_ command: RecordNode, by caller: Caller, requestID: String) async throws -> NodeEvent {
        let number = try CaseNumber(parsing: command.caseNumber)
        let node = try nodes.recordable(command.nodeCode)
        let document = try Self.optionalText(command.documentNumber, field: "document_number")
        let note = try Self.optionalText(command.note, field: "note", limit: 2000)
        var keyed = try domain.writeContext(command, caller: caller, requestID: requestID)
        // It reads and changes its case only (a recordable node triggers nothing else).
        keyed.lockKeys = ["case:\(number)"]
        let context = keyed
        try domain.requireChangeRight(caller, number)
        return try await store.write(context) { tx in
            var record = try Self.load(number, tx.cases)
            try record.requireOpen()
            record.nodesReached.insert(node.code)
            let event = try tx.cases.append(
                NodeEvent(caseNumber: number, node: node, occurredAt: context.at, recordedBy: caller.description,
                          documentNumber: document, note: note, filedOn: record.filedOn))
            try tx.cases.update(record)
            return (event, number.description)
        }
    }

    /// Suspends a pending case; its suspended days will not count toward the limit.
    public func suspend(_ command: SuspendCase, by caller: Caller, requestID: String) async throws -> CaseSummary {
        let number = try CaseNumber(parsing: command.caseNumber)
        let reason = try Self.requiredText(command.reason, field: "reason", rule: "a suspension states its reason")
        let document = try Self.requiredText(command.documentNumber, field: "document_number", rule: "a suspension is ordered by a ruling; give its number")
        let node = nodes.system("case_suspended")
        return try await change(number, command, caller: caller, requestID: requestID) { record, tx, context in
            try record.requireOpen()
            guard record.status == .pending else {
                throw EnforcementError.precondition("case \(number) is already suspended", field: "case_number", reason: "CASE_ALREADY_SUSPENDED")
            }
            let today = CalendarDate(context.at)
            record.status = .suspended
            record.suspensions.append(Suspension(start: today, end: nil, reason: reason))
            record.nodesReached.insert(node.code)
            _ = try tx.cases.append(NodeEvent(caseNumber: number, node: node, occurredAt: context.at, recordedBy: caller.description,
                                        documentNumber: document, note: reason, filedOn: record.filedOn))
        }
    }

    public func resume(_ command: ResumeCase, by caller: Caller, requestID: String) async throws -> CaseSummary {
        let number = try CaseNumber(parsing: command.caseNumber)
        let document = try Self.requiredText(command.documentNumber, field: "document_number", rule: "resumption is ordered by a document; give its number")
        let node = nodes.system("case_resumed")
        return try await change(number, command, caller: caller, requestID: requestID) { record, tx, context in
            try record.requireOpen()
            guard record.status == .suspended, let last = record.suspensions.indices.last else {
                throw EnforcementError.precondition("case \(number) is not suspended", field: "case_number", reason: "CASE_NOT_SUSPENDED")
            }
            record.status = .pending
            record.suspensions[last].end = CalendarDate(context.at)
            record.nodesReached.insert(node.code)
            _ = try tx.cases.append(NodeEvent(caseNumber: number, node: node, occurredAt: context.at, recordedBy: caller.description,
                                        documentNumber: document, filedOn: record.filedOn))
        }
    }

    /// Asks for the one extension of the limit, by 1 to 3 months; it awaits the court president's decision.
    public func extendLimit(_ command: ExtendLimit, by caller: Caller, requestID: String) async throws -> CaseSummary {
        let number = try CaseNumber(parsing: command.caseNumber)
        let maximum = limits.maximumExtensionMonths
        guard (1...maximum).contains(command.months) else {
            throw EnforcementError.invalid("months", "an extension is 1 to \(maximum) months, got \(command.months)")
        }
        let reason = try Self.requiredText(command.reason, field: "reason", rule: "an extension request states its reason", limit: 500)
        let user = try caller.requireUser([.judge, .clerk], for: "asking for an extension")
        return try await change(number, command, caller: caller, requestID: requestID) { record, tx, context in
            try record.requireOpen()
            guard record.extensionMonths == 0 else {
                throw EnforcementError.precondition("the limit of \(number) was already extended; only one extension is allowed", field: "case_number", reason: "LIMIT_ALREADY_EXTENDED")
            }
            guard record.extensionRequest == nil else {
                throw EnforcementError.precondition("an extension of \(number) already awaits the president's decision", field: "case_number")
            }
            record.extensionRequest = ExtensionRequest(months: command.months, reason: reason, requestedBy: user.id,
                                                       requestedByName: user.name, at: context.at)
        }
    }

    /// The court president approves (the limit grows by the months asked) or refuses the extension a
    /// case awaits. The president is a user holding `president`, never the one who asked.
    public func decideExtension(_ command: DecideExtension, by caller: Caller, requestID: String) async throws -> CaseSummary {
        let number = try CaseNumber(parsing: command.caseNumber)
        let document = command.approve
            ? try Self.requiredText(command.documentNumber, field: "document_number", rule: "give the approval document's number")
            : try Self.optionalText(command.documentNumber, field: "document_number")
        let reason = command.approve
            ? try Self.optionalText(command.reason, field: "reason", limit: 500)
            : try Self.requiredText(command.reason, field: "reason", rule: "a refusal states its reason", limit: 500)
        let president = try caller.requireUser([.president], for: "deciding an extension")
        let node = nodes.system("limit_extended")
        return try await change(number, command, caller: caller, requestID: requestID) { record, tx, context in
            try record.requireOpen()
            guard let asked = record.extensionRequest else {
                throw EnforcementError.precondition("no extension of \(number) awaits a decision", field: "case_number")
            }
            guard asked.requestedBy != president.id else {
                throw EnforcementError(.permissionDenied, field: "authorization",
                                       "the president deciding an extension is not the user who asked for it (\(president.id))")
            }
            record.extensionRequest = nil
            guard command.approve else { return }
            record.extensionMonths = asked.months
            record.nodesReached.insert(node.code)
            _ = try tx.cases.append(NodeEvent(
                caseNumber: number, node: node, occurredAt: context.at, recordedBy: caller.description, documentNumber: document,
                note: "\(asked.months) months, asked by \(asked.requestedByName) (\(asked.requestedBy)): \(asked.reason); approved by \(president.name) (\(president.id))"
                    + (reason.map { "; \($0)" } ?? ""),
                filedOn: record.filedOn))
        }
    }

    /// Closes the case with one of the six modes; 终本 only when its preconditions hold.
    public func close(_ command: CloseCase, by caller: Caller, requestID: String) async throws -> CaseSummary {
        let number = try CaseNumber(parsing: command.caseNumber)
        guard let mode = command.mode else {
            throw EnforcementError.invalid("mode", "a closing mode is required: one of \(ClosingMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let document = try Self.requiredText(command.documentNumber, field: "document_number", rule: "a closing is made by a document; give its number")
        let node = nodes.system("case_closed")
        let policy = ClosingPolicy(limits: limits)
        let control = controlPolicy
        let (deterrence, calendar) = (self.deterrence, self.calendar)
        return try await change(number, command, caller: caller, requestID: requestID) { record, tx, context in
            try record.requireOpen()
            let today = CalendarDate(context.at)
            if mode == .terminationOfRound {
                let inForce = try tx.measures.list(MeasureFilter(caseNumber: number, status: .inForce, limit: 10_000))
                let unmet = policy.unmetTerminationConditions(record, on: today, debtorMeetsListingConditions: command.debtorMeetsListingConditions,
                                                              inForce: inForce)
                guard unmet.isEmpty else {
                    throw EnforcementError.precondition(unmet.joined(separator: "; "), field: "mode", reason: "CLOSING_PRECONDITIONS_UNMET")
                }
            }
            if let open = record.suspensions.indices.last, record.suspensions[open].end == nil {
                record.suspensions[open].end = today
            }
            record.status = .closed
            record.closing = Closing(mode: mode, on: today, documentNumber: document)
            record.nodesReached.insert(node.code)
            _ = try tx.cases.append(NodeEvent(caseNumber: number, node: node, occurredAt: context.at, recordedBy: caller.description,
                                        documentNumber: document, note: mode.rawValue, filedOn: record.filedOn))
            try CaseEffects.atClosing(record, mode: mode, document: document, control: control, deterrence: deterrence, calendar: calendar,
                                      context: context, tx: tx)
        }
    }

    // MARK: Reads

    public func get(_ rawNumber: String, by caller: Caller) async throws -> CaseSummary {
        let today = clock.today()
        return try await domain.readCase(rawNumber, by: caller) { _, record in CaseSummary(record, asOf: today) }
    }

    public func timeline(_ rawNumber: String, by caller: Caller) async throws -> [NodeEvent] {
        try await domain.readCase(rawNumber, by: caller) { reader, record in try reader.cases.nodeEvents(of: record.number) }
    }

    /// A page of cases; a court lists only its own, the command centre any court.
    public func list(
        court rawCourt: String?, handlingJudge: String?, status: CaseStatus?, overdueOnly: Bool,
        pageSize: Int, pageToken: String, by caller: Caller
    ) async throws -> (cases: [CaseSummary], nextPageToken: String) {
        var filter = CaseFilter(handlingJudge: handlingJudge, status: status)
        if let rawCourt, !rawCourt.isEmpty {
            let code = try CourtCode(rawCourt)
            _ = try courts.cityCourt(code)
            filter.court = code
        }
        if !caller.isCityWide {
            guard let own = caller.court else {
                throw EnforcementError(.permissionDenied, "\(caller.principal) does not list cases")
            }
            if let asked = filter.court, asked != own {
                throw EnforcementError(.permissionDenied, field: "court_code", "a court lists only its own cases; \(own) asked for \(asked)")
            }
            filter.court = own
        }
        guard (0...500).contains(pageSize) else {
            throw EnforcementError.invalid("page_size", "page size is 1 to 500 (0 means 50), got \(pageSize)")
        }
        let limit = pageSize == 0 ? 50 : pageSize
        var after: Int64 = 0
        if !pageToken.isEmpty {
            guard let position = Int64(pageToken), position >= 0 else {
                throw EnforcementError.invalid("page_token", "not a page token returned by ListCases")
            }
            after = position
        }
        let today = clock.today()
        if overdueOnly { filter.overdueAsOf = today }
        let rows = try await store.read { [filter, after] reader in try reader.cases.list(matching: filter, after: after, limit: limit + 1) }
        let page = rows.prefix(limit)
        let next = rows.count > limit ? page.last.map { String($0.position) } ?? "" : ""
        return (page.map { CaseSummary($0.record, asOf: today) }, next)
    }

    // MARK: Helpers

    /// A filing request, validated.
    struct Draft: Sendable {
        var type: CaseType
        var titleKind: TitleKind
        var titleDocument: String
        var applicants: [Party]
        var debtors: [Party]
        var amount: Money
        var judge: String?
        var resumedFrom: CaseNumber?
        var causeTags: [String]
    }

    /// At most this many cause tags a case, each 1 to 20 characters.
    public static let maxCauseTags = 5

    static func causeTags(_ raw: [String]) throws(EnforcementError) -> [String] {
        guard raw.count <= maxCauseTags else { throw .invalid("cause_tags", "at most \(maxCauseTags) cause tags, got \(raw.count)") }
        var tags: [String] = []
        for (index, tag) in raw.enumerated() {
            let text = tag.trimmingWhitespace
            guard (1...20).contains(text.count), text.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) }) else {
                throw .invalid("cause_tags[\(index)]", "a cause tag is 1 to 20 characters without control characters")
            }
            if !tags.contains(text) { tags.append(text) }
        }
        return tags
    }

    static func validate(_ command: FileCase) throws(EnforcementError) -> Draft {
        guard let type = command.caseType else {
            throw .invalid("case_type", "a case type is required (执, 执恢, 执保, 执异, 执复, 执监, 执协)")
        }
        guard let titleKind = command.titleKind else {
            throw .invalid("title_kind", "the title kind is required: litigation (6 months) or non-litigation (3 months)")
        }
        let title = try Self.requiredText(command.titleDocument, field: "title_document", rule: "the enforcement title's document number is required")
        func parties(_ inputs: [PartyInput], _ field: String) throws(EnforcementError) -> [Party] {
            guard (1...50).contains(inputs.count) else {
                throw .invalid(field, "a case has 1 to 50 \(field), got \(inputs.count)")
            }
            var result: [Party] = []
            for (index, input) in inputs.enumerated() {
                result.append(try Party.validated(isPerson: input.isPerson, name: input.name, idNumber: input.idNumber,
                                                  phone: input.phone, field: "\(field)[\(index)]"))
            }
            return result
        }
        let applicants = try parties(command.applicants, "applicants")
        let debtors = try parties(command.debtors, "debtors")
        let amount = try Money.positive(fen: command.amountSoughtFen, field: "amount_sought_fen")
        let judge = try Self.optionalText(command.handlingJudge, field: "handling_judge", limit: 100)
        var resumedFrom: CaseNumber?
        if let raw = command.resumedFrom, !raw.isEmpty {
            guard type == .resumed else { throw .invalid("resumed_from", "only a 执恢 case names the case it resumes") }
            resumedFrom = try CaseNumber(parsing: raw, field: "resumed_from")
        } else if type == .resumed {
            throw .invalid("resumed_from", "a 执恢 case must name the closed case it resumes")
        }
        return Draft(type: type, titleKind: titleKind, titleDocument: title, applicants: applicants, debtors: debtors,
                     amount: amount, judge: judge, resumedFrom: resumedFrom, causeTags: try causeTags(command.causeTags ?? []))
    }

    /// Loads, changes and saves one case in one transaction, answering its view.
    private func change<Command: CaseCommand>(
        _ number: CaseNumber, _ command: Command, caller: Caller, requestID: String,
        _ mutate: @escaping @Sendable (inout EnforcementCase, any StoreTransaction, WriteContext) throws -> Void
    ) async throws -> CaseSummary {
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        try domain.requireChangeRight(caller, number)
        return try await store.write(context) { tx in
            var record = try Self.load(number, tx.cases)
            try mutate(&record, tx, context)
            try tx.cases.update(record)
            return (CaseSummary(record, asOf: CalendarDate(context.at)), number.description)
        }
    }

    static func load(_ number: CaseNumber, _ reader: any CaseReader) throws -> EnforcementCase {
        guard let record = try reader.record(number) else {
            throw EnforcementError(.notFound, field: "case_number", "no case \(number)")
        }
        return record
    }

    static func requiredText(_ text: String, field: String, rule: String, limit: Int = 200) throws(EnforcementError) -> String {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else { throw .invalid(field, rule) }
        guard trimmed.count <= limit else { throw .invalid(field, "at most \(limit) characters") }
        return trimmed
    }

    static func optionalText(_ text: String?, field: String, limit: Int = 200) throws(EnforcementError) -> String? {
        guard let trimmed = text?.trimmingWhitespace, !trimmed.isEmpty else { return nil }
        guard trimmed.count <= limit else { throw .invalid(field, "at most \(limit) characters") }
        return trimmed
    }
}
