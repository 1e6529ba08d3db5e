public import Foundation

/// Network asset control (执行查控): the court side that launches queries and controls, and the
/// institution side that receives and answers them. Every rule of "Freezes and seals" lives here.
public struct ControlWorkflow: Sendable {
    public let domain: Domain

    public init(domain: Domain) { self.domain = domain }

    var store: any EnforcementStore { domain.store }
    var clock: any WallClock { domain.clock }
    public var institutions: InstitutionRegistry { domain.institutions }
    public var policy: ControlPolicy { domain.controlPolicy }
    public var feed: ChangeFeed { domain.feed }

    // MARK: Court side

    /// Queries the debtors' assets at one institution, or at every connected one.
    public func launchQuery(_ command: LaunchQuery, by caller: Caller, requestID: String) async throws -> [ControlRequest] {
        let number = try CaseNumber(parsing: command.caseNumber)
        let document = try CaseWorkflow.requiredText(command.documentNumber, field: "document_number",
                                                     rule: "a query records its legal basis: give the document number")
        let targets: [Institution]
        if let id = command.institutionID, !id.isEmpty {
            let institution = try institutions.require(id)
            try Self.require(institution, supports: .query)
            targets = [institution]
        } else {
            targets = institutions.connected
        }
        guard !targets.isEmpty else {
            throw EnforcementError.precondition("no institution is connected to the network", field: "institution_id")
        }
        var keyed = try domain.writeContext(command, caller: caller, requestID: requestID)
        // It reads and changes its case only (the requests it inserts are its case's).
        keyed.lockKeys = ["case:\(number)"]
        let context = keyed
        try domain.requireChangeRight(caller, number)
        let nodes = domain.nodes
        let created = try await store.write(context) { tx in
            var record = try CaseWorkflow.load(number, tx.cases)
            guard record.status == .pending else {
                throw EnforcementError.precondition("case \(number) is \(record.status.rawValue); queries are launched for pending cases", field: "case_number", reason: "CASE_NOT_PENDING")
            }
            let requests = try Self.insertQueries(
                for: record, at: targets, documentNumber: document, note: nil, by: caller, context: context, tx: tx, nodes: nodes)
            // A case queried before is unchanged: it is not written again (nor its counters and watches).
            if record.nodesReached.insert("network_query_launched").inserted { try tx.cases.update(record) }
            return (requests, number.description)
        }
        feed.publish()
        return created
    }

    /// Freezes or seals an asset, at most the legal term. A freeze of money is cut to the case's
    /// room across every institution (`ControlRoom`), or refused when there is none; a seal on real
    /// estate or movables counts at the value the court states and is never blocked, but a seal
    /// beyond the room is reported in its note.
    public func freeze(_ command: FreezeAsset, by caller: Caller, requestID: String) async throws -> ControlRequest {
        let number = try CaseNumber(parsing: command.caseNumber)
        let institution = try institutions.require(command.institutionID)
        try Self.require(institution, supports: .freeze)
        guard let kind = command.assetKind else {
            throw EnforcementError.invalid("asset.kind", "the asset kind is required: deposit, movable, real_estate or other_right")
        }
        guard institution.assetKinds.contains(kind) else {
            throw EnforcementError.invalid("asset.kind", "\(institution.id) holds no \(kind.rawValue) assets; it holds \(institution.assetKinds.map(\.rawValue).joined(separator: ", "))")
        }
        let identifier = try CaseWorkflow.requiredText(command.assetIdentifier, field: "asset.identifier",
                                                       rule: "name the account or asset to freeze", limit: 64)
        let asked = try Money.positive(fen: command.amountFen, field: "amount_fen")
        let sealed = kind == .realEstate || kind == .movable
        guard (0...Money.maximum.fen).contains(command.statedValueFen) else {
            throw EnforcementError.invalid("stated_value_fen", "a stated value is 0 to \(Money.maximum.fen) fen")
        }
        guard sealed || command.statedValueFen == 0 else {
            throw EnforcementError.invalid("stated_value_fen", "a value is stated only for real estate and movables; a \(kind.rawValue) freeze counts at its amount")
        }
        let document = try CaseWorkflow.requiredText(command.documentNumber, field: "document_number",
                                                     rule: "a freeze is ordered by a ruling: give its document number")
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let today = CalendarDate(context.at)
        let endOn = try Self.date(command.endOn, field: "end_on")
        try checkTerm(endOn, kind: kind, from: today, after: today)
        try domain.requireChangeRight(caller, number)
        let asset = AssetRef(kind: kind, identifier: identifier)
        let created = try await store.write(context) { tx in
            let record = try CaseWorkflow.load(number, tx.cases)
            try Self.requirePending(record)
            let room = try ControlRoom.of(record, on: today, controls: tx.controls, ledger: tx.ledger)
            var amount = asked
            var note: String?
            if sealed {
                let stated = Money(fen: command.statedValueFen)
                if stated > room.room {
                    note = "查封财产价值¥\(stated)超过可冻结余额：\(room.figures)"
                }
            } else if room.room.fen == 0 {
                throw EnforcementError.precondition(
                    "case \(number) has no room for another freeze: outstanding \(room.outstanding), already held or possibly held \(room.held) across every institution (asked \(asked))",
                    field: "amount_fen", reason: "NO_ROOM_FOR_FREEZE")
            } else if asked > room.room {
                amount = room.room
                note = "超标冻结已核减：申请冻结¥\(asked)，核减为¥\(amount)；\(room.figures)"
            }
            var draft = ControlRequest(caseNumber: number, institution: institution.id, action: .freeze, debtors: record.debtors,
                                       documentNumber: document, handlingJudge: Self.judge(record, caller),
                                       requestedBy: caller.description, servedAt: context.at,
                                       answerDueAt: Self.due(institution, .freeze, from: context.at),
                                       asset: asset, amount: amount, endOn: endOn, note: note)
            if sealed { draft.statedValue = Money(fen: command.statedValueFen) }
            draft.ownerIDNumber = try Self.lastHolding(of: draft, tx.controls)?.ownerIDNumber
            if amount != asked { draft.askedAmount = asked }
            if let key = draft.assetKey,
               let mine = try tx.controls.freezes(onAsset: key).first(where: { $0.caseNumber == number && Self.holdsOrMayHold($0) })
            {
                throw EnforcementError.precondition("case \(number) already has \(mine.id) on this asset; renew or release it instead", field: "asset.identifier", reason: "ASSET_ALREADY_CONTROLLED")
            }
            draft = try tx.controls.insert(draft)
            return (draft, draft.id)
        }
        feed.publish()
        return created
    }

    /// Renews an active freeze before its end date, up to the full legal term again.
    public func renew(_ command: RenewFreeze, by caller: Caller, requestID: String) async throws -> ControlRequest {
        let document = try CaseWorkflow.requiredText(command.documentNumber, field: "document_number",
                                                     rule: "a renewal is ordered by a ruling: give its document number")
        let endOn = try Self.date(command.endOn, field: "end_on")
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let today = CalendarDate(context.at)
        let created = try await actOnFreeze(command.freezeRequestID, action: .renew, caller: caller, context: context) { freeze, record, tx in
            guard let control = freeze.control, control.status == .active, let currentEnd = control.endOn, let kind = freeze.asset?.kind else {
                throw EnforcementError.precondition("only an active freeze is renewed; \(freeze.id) is \(freeze.control?.status.rawValue ?? "not answered yet")", field: "freeze_request_id")
            }
            guard today <= currentEnd else {
                throw EnforcementError.precondition("a renewal must be made before expiry; \(freeze.id) ended on \(currentEnd)", field: "freeze_request_id", reason: "FREEZE_EXPIRED")
            }
            try checkTerm(endOn, kind: kind, from: today, after: currentEnd)
            return FreezeAct(document: document, endOn: endOn)
        }
        feed.publish()
        return created
    }

    /// Releases a freeze or a waiting-list seal, wholly or (with an amount) in part; refused while
    /// a deduction against it is pending.
    public func release(_ command: ReleaseFreeze, by caller: Caller, requestID: String) async throws -> ControlRequest {
        let document = try CaseWorkflow.requiredText(command.documentNumber, field: "document_number",
                                                     rule: "a release is ordered by a ruling: give its document number")
        guard (0...Money.maximum.fen).contains(command.amountFen) else {
            throw EnforcementError.invalid("amount_fen", "a partial release is 1 to \(Money.maximum.fen) fen, or 0 to release the whole control")
        }
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let created = try await actOnFreeze(command.freezeRequestID, action: .release, caller: caller, context: context) { freeze, _, tx in
            FreezeAct(document: document, amount: try Self.releasable(freeze, amount: command.amountFen == 0 ? nil : Money(fen: command.amountFen), tx.controls))
        }
        feed.publish()
        return created
    }

    /// Checks a release of `amount` (nil: all) from `freeze`; a part equal to what it holds is the whole.
    static func releasable(_ freeze: ControlRequest, amount: Money?, _ controls: any ControlReader) throws -> Money? {
        guard let control = freeze.control, control.status.isLive else {
            throw EnforcementError.precondition("\(freeze.id) holds nothing to release (\(freeze.control?.status.rawValue ?? "not answered yet"))", field: "freeze_request_id")
        }
        if let deduction = try controls.requests(actingOn: freeze.id).first(where: { $0.action == .deduct && $0.status == .pending }) {
            throw EnforcementError.precondition("a release is refused while deduction \(deduction.id) against \(freeze.id) is pending", field: "freeze_request_id", reason: "CONTROL_ACTION_PENDING")
        }
        guard let amount else { return nil }
        guard amount <= control.remaining else {
            throw EnforcementError.invalid("amount_fen", "a release is at most what \(freeze.id) holds: \(control.remaining) held, \(amount) asked")
        }
        if amount == control.remaining { return nil }
        if freeze.countsAtStatedValue != nil {
            throw EnforcementError.invalid("amount_fen", "a seal on \(freeze.asset?.kind.rawValue ?? "this asset") is released whole; send amount_fen 0")
        }
        return amount
    }

    /// Deducts frozen money into the case's escrow account (the debtor's), at most what the freeze
    /// still controls; from a natural person's deposits, never below the subsistence floor.
    public func deduct(_ command: DeductFrozen, by caller: Caller, requestID: String) async throws -> ControlRequest {
        let asked = try Money.positive(fen: command.amountFen, field: "amount_fen")
        let document = try CaseWorkflow.requiredText(command.documentNumber, field: "document_number",
                                                     rule: "a deduction is ordered by a ruling: give its document number")
        let named = command.escrowAccount.trimmingWhitespace
        let escrow = named.isEmpty ? nil : try EscrowAccountNumber(parsing: named, field: "escrow_account")
        guard (0...20).contains(command.dependants) else {
            throw EnforcementError.invalid("dependants", "dependants are 0 to 20, got \(command.dependants)")
        }
        guard (0...12).contains(command.months) else {
            throw EnforcementError.invalid("months", "months of living expenses are 1 to 12 (0: \(policy.subsistenceMonths)), got \(command.months)")
        }
        let floor = policy.subsistenceFloor(dependants: command.dependants, months: command.months == 0 ? policy.subsistenceMonths : command.months)
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let created = try await actOnFreeze(command.freezeRequestID, action: .deduct, caller: caller, context: context) { freeze, record, tx in
            try Self.requirePending(record)
            guard let control = freeze.control, control.status == .active else {
                throw EnforcementError.precondition("deduction needs an active freeze; \(freeze.id) is \(freeze.control?.status.rawValue ?? "not answered yet")", field: "freeze_request_id")
            }
            let acting = try tx.controls.requests(actingOn: freeze.id)
            if let release = acting.first(where: { $0.action == .release && $0.status == .pending }) {
                throw EnforcementError.precondition("a deduction is refused while release \(release.id) of \(freeze.id) is pending", field: "freeze_request_id", reason: "CONTROL_ACTION_PENDING")
            }
            let pending = acting.filter { $0.action == .deduct && $0.status == .pending }.reduce(Int64(0)) { $0 + ($1.amount?.fen ?? 0) }
            let available = Money(fen: control.remaining.fen - pending)
            guard asked <= available else {
                throw EnforcementError.invalid(
                    "amount_fen", "a deduction is at most the amount the freeze controls: \(available) available under \(freeze.id), \(asked) asked")
            }
            var act = FreezeAct(document: document, amount: asked)
            act.escrowAccount = try Self.escrowAccount(escrow, of: record, tx.ledger)
            // The holder's kind when a query named them, else: every debtor is a natural person.
            let holder = freeze.ownerIDNumber.flatMap { id in record.debtors.first { $0.idNumber == id } }
            if freeze.asset?.kind == .deposit, !record.debtors.isEmpty, holder?.isPerson ?? record.debtors.allSatisfy(\.isPerson) {
                // The account's balance as last reported by a query of this case less what was deducted
                // from it since, else what is frozen.
                let balance = try Self.lastHolding(of: freeze, tx.controls).map { Money(fen: max(0, $0.balance.fen - control.deducted.fen)) }
                    ?? control.remaining
                let deductible = Money(fen: max(0, balance.fen - pending - floor.fen))
                if deductible.fen == 0 {
                    throw EnforcementError.precondition(
                        "the deduction would leave the debtor below the subsistence floor: balance \(balance), floor \(floor) (¥\(policy.subsistenceMonthly) × (1 + \(command.dependants) dependants) × months); nothing can be deducted",
                        field: "amount_fen", reason: "BELOW_SUBSISTENCE_FLOOR")
                }
                if asked > deductible {
                    act.amount = deductible
                    act.askedAmount = asked
                    act.note = "保留生活必需费用：余额¥\(balance)，保留¥\(floor)（¥\(policy.subsistenceMonthly) × (1 + \(command.dependants)) × \(command.months == 0 ? policy.subsistenceMonths : command.months)月），申请扣划¥\(asked)，核减为¥\(deductible)"
                }
            }
            return act
        }
        feed.publish()
        return created
    }

    /// The escrow account a deduction pays into: the one named, which must be the case's, else the
    /// account opened at filing for the first debtor.
    static func escrowAccount(_ named: EscrowAccountNumber?, of record: EnforcementCase, _ ledger: any LedgerReader) throws -> EscrowAccountNumber {
        let accounts = try ledger.accounts(ofCase: record.number).filter { $0.kind == .escrow }
        if let named {
            guard accounts.contains(where: { $0.number == named }) else {
                throw EnforcementError.invalid("escrow_account", "\(named) is not an escrow account of case \(record.number); name one of its own accounts")
            }
            return named
        }
        let debtors = Set(record.debtors.map(\.name))
        guard let account = accounts.first(where: { debtors.contains($0.holder ?? "") }) ?? accounts.first, let number = account.number else {
            throw EnforcementError.precondition("case \(record.number) has no escrow account to pay into", field: "escrow_account")
        }
        return number
    }

    /// The asset of a request as the latest query answer of its case at its institution reported it.
    static func lastHolding(of request: ControlRequest, _ controls: any ControlReader) throws -> Holding? {
        guard let asset = request.asset else { return nil }
        for query in try controls.requests(ofCase: request.caseNumber).reversed()
        where query.action == .query && query.institution == request.institution {
            if case .query(let holdings)? = query.answer, let holding = holdings.first(where: { $0.asset == asset }) {
                return holding
            }
        }
        return nil
    }

    /// How much more the case may freeze today, with the figures behind it.
    public func room(ofCase rawNumber: String, by caller: Caller) async throws -> ControlRoom {
        let today = domain.clock.today()
        return try await domain.readCase(rawNumber, by: caller) { reader, record in
            try ControlRoom.of(record, on: today, controls: reader.controls, ledger: reader.ledger)
        }
    }

    /// A case's requests, with their answers and control states.
    public func requests(ofCase rawNumber: String, by caller: Caller) async throws -> [ControlRequest] {
        try await domain.readCase(rawNumber, by: caller) { reader, record in try reader.controls.requests(ofCase: record.number) }
    }

    /// Reminders the caller may see: a court its cases', an institution its own, the command centre all.
    public func reminders(caseNumber rawNumber: String?, after: Int64, limit: Int, by caller: Caller) async throws -> [Reminder] {
        guard (0...500).contains(limit) else { throw EnforcementError.invalid("limit", "limit is 1 to 500 (0 means 100), got \(limit)") }
        var filter = ReminderFilter(after: max(0, after), limit: limit == 0 ? 100 : limit)
        if let rawNumber, !rawNumber.isEmpty {
            let number = try CaseNumber(parsing: rawNumber)
            filter.caseNumber = number
            if caller.institution == nil { try domain.requireReadRight(caller, number) }
        }
        switch caller.principal {
        case .court(let code): filter.court = code
        case .institution(let id): filter.institution = id
        case .commandCentre: break
        default: throw EnforcementError(.permissionDenied, "\(caller.principal) reads no reminders")
        }
        return try await store.read { [filter] reader in try reader.controls.reminders(filter) }
    }

    // MARK: Institution side

    /// Requests addressed to the calling institution after a cursor, for batch systems.
    public func pull(after cursor: Int64, limit: Int, unansweredOnly: Bool, by caller: Caller) async throws -> (requests: [ControlRequest], nextCursor: Int64) {
        let id = try requireInstitution(caller).id
        guard (0...500).contains(limit) else { throw EnforcementError.invalid("limit", "limit is 1 to 500 (0 means 100), got \(limit)") }
        guard cursor >= 0 else { throw EnforcementError.invalid("after_cursor", "a cursor is 0 or a next_cursor returned before") }
        let page = try await store.read { reader in
            try reader.controls.requests(institution: id, after: cursor, unansweredOnly: unansweredOnly, limit: limit == 0 ? 100 : limit)
        }
        return (page, page.last?.feedPosition ?? cursor)
    }

    /// Delivers to `deliver`, in order, every unanswered request addressed to the calling
    /// institution, then each new one as it is committed, until the task is cancelled or the feed
    /// closes. A reconnecting institution receives again only what it has not answered.
    public func watch(by caller: Caller, deliver: @Sendable (ControlRequest) async throws -> Void) async throws {
        let id = try requireInstitution(caller).id
        let high = try await store.read { reader in try reader.controls.lastPosition() }
        try await feed.watch(
            high: high,
            page: { after, backlog in
                try await store.read { reader in
                    try reader.controls.requests(institution: id, after: after, unansweredOnly: backlog, limit: 200)
                }
            },
            position: { $0.feedPosition ?? 0 }, wanted: { $0.status == .pending }, deliver: deliver)
    }

    /// Answers a query with the holdings found.
    public func answerQuery(_ command: AnswerQuery, by caller: Caller, requestID: String) async throws -> ControlRequest {
        try await recordAnswer(command, id: command.controlRequestID, answer: Self.answer(command), by: caller, requestID: requestID)
    }

    /// Answers a freeze, renew or release with the amount actually controlled and the term.
    public func answerControl(_ command: AnswerControl, by caller: Caller, requestID: String) async throws -> ControlRequest {
        try await recordAnswer(command, id: command.controlRequestID, answer: Self.answer(command), by: caller, requestID: requestID)
    }

    /// Answers a deduction with the amount moved.
    public func answerDeduction(_ command: AnswerDeduction, by caller: Caller, requestID: String) async throws -> ControlRequest {
        let (answer, reference) = try Self.answer(command)
        return try await recordAnswer(command, id: command.controlRequestID, answer: answer, transferReference: reference,
                                      by: caller, requestID: requestID)
    }

    // MARK: An answer's own bounds, before any request is read

    /// A query's answer: at most 1000 holdings, each one valid.
    static func answer(_ command: AnswerQuery) throws(EnforcementError) -> ControlAnswer {
        guard command.holdings.count <= 1000 else {
            throw .invalid("result.holdings", "at most 1000 holdings per answer, got \(command.holdings.count)")
        }
        var holdings: [Holding] = []
        for (index, input) in command.holdings.enumerated() {
            holdings.append(try validate(input, field: "result.holdings[\(index)]"))
        }
        return .query(holdings: holdings)
    }

    /// A freeze, renew or release answer: the amount controlled within bounds, the term's days as dates.
    static func answer(_ command: AnswerControl) throws(EnforcementError) -> ControlAnswer {
        guard (0...Money.maximum.fen).contains(command.controlledFen) else {
            throw .invalid("result.controlled_fen", "the amount controlled is 0 to \(Money.maximum.fen) fen")
        }
        let reason = try CaseWorkflow.optionalText(command.reason, field: "result.reason", limit: 500)
        let startOn = command.startOn.isEmpty ? nil : try date(command.startOn, field: "result.start_on")
        let endOn = command.endOn.isEmpty ? nil : try date(command.endOn, field: "result.end_on")
        return .control(controlled: Money(fen: command.controlledFen), reason: reason, startOn: startOn, endOn: endOn)
    }

    /// A deduction answer and the bank's transfer reference.
    static func answer(_ command: AnswerDeduction) throws(EnforcementError) -> (ControlAnswer, transferReference: String?) {
        guard (0...Money.maximum.fen).contains(command.movedFen) else {
            throw .invalid("result.moved_fen", "the amount moved is 0 to \(Money.maximum.fen) fen")
        }
        let reason = try CaseWorkflow.optionalText(command.reason, field: "result.reason", limit: 500)
        let reference = try CaseWorkflow.optionalText(command.transferReference, field: "result.transfer_reference", limit: 64)
        return (.deduction(moved: Money(fen: command.movedFen), reason: reason, wholeAssetDisposed: command.wholeAssetDisposed), reference)
    }

    // MARK: Rules shared by the writes

    /// The calling institution, which must be in the registry.
    func requireInstitution(_ caller: Caller) throws(EnforcementError) -> Institution {
        guard let id = caller.institution else {
            throw EnforcementError(.permissionDenied, "only an assisting institution receives and answers requests, not \(caller.principal)")
        }
        guard let institution = institutions.institution(id) else {
            throw EnforcementError(.permissionDenied, "institution \(id) is not in the registry of assisting institutions")
        }
        return institution
    }

    /// A freeze's end must be after `after` and within the legal maximum term from `day`.
    func checkTerm(_ endOn: CalendarDate, kind: AssetKind, from day: CalendarDate, after: CalendarDate) throws(EnforcementError) {
        guard endOn > after else {
            throw .invalid("end_on", "the end date must be after \(after), got \(endOn)", reason: "FREEZE_END_NOT_AFTER_START")
        }
        let latest = policy.latestEnd(of: kind, from: day)
        guard endOn <= latest else {
            let months = policy.maximumTermMonths[kind] ?? 12
            throw .invalid("end_on", "a \(kind.rawValue) freeze runs at most \(months) months: from \(day) until \(latest) at the latest, got \(endOn)", reason: "FREEZE_EXCEEDS_TERM")
        }
    }

    /// What a renew, release or deduct request carries beyond the freeze it acts on.
    struct FreezeAct: Sendable {
        var document: String
        var amount: Money?
        var endOn: CalendarDate?
        var note: String?
        var askedAmount: Money?
        var escrowAccount: EscrowAccountNumber?
    }

    /// Renew, release and deduct: checks the freeze and the caller, then inserts the request.
    private func actOnFreeze(
        _ freezeID: String, action: ControlAction, caller: Caller, context: WriteContext,
        _ check: @escaping @Sendable (ControlRequest, EnforcementCase, any StoreTransaction) throws -> FreezeAct
    ) async throws -> ControlRequest {
        let id = freezeID.trimmingWhitespace
        guard !id.isEmpty else { throw EnforcementError.invalid("freeze_request_id", "name the freeze request (e.g. CR00000042)") }
        let institutions = self.institutions
        let domain = self.domain
        return try await store.write(context) { tx in
            guard let freeze = try tx.controls.request(id), freeze.action == .freeze else {
                throw EnforcementError(.notFound, field: "freeze_request_id", "no freeze request \(id)")
            }
            try domain.requireChangeRight(caller, freeze.caseNumber, asked: "freeze request \(id)", field: "freeze_request_id")
            let institution = try institutions.require(freeze.institution)
            try Self.require(institution, supports: action)
            if let open = try tx.controls.requests(actingOn: freeze.id).first(where: { $0.status == .pending && $0.action == action && action != .deduct }) {
                throw EnforcementError.precondition("\(open.id) (\(action.rawValue)) on \(freeze.id) is still waiting for its answer", field: "freeze_request_id", reason: "CONTROL_ACTION_PENDING")
            }
            let record = try CaseWorkflow.load(freeze.caseNumber, tx.cases)
            let act = try check(freeze, record, tx)
            var draft = ControlRequest(
                caseNumber: freeze.caseNumber, institution: freeze.institution, action: action, debtors: freeze.debtors,
                documentNumber: act.document, handlingJudge: Self.judge(record, caller), requestedBy: caller.description,
                servedAt: context.at, answerDueAt: Self.due(institution, action, from: context.at),
                asset: freeze.asset, amount: act.amount, endOn: act.endOn, freezeRequestID: freeze.id, note: act.note)
            draft.askedAmount = act.askedAmount
            draft.escrowAccount = act.escrowAccount
            draft.ownerIDNumber = freeze.ownerIDNumber
            draft = try tx.controls.insert(draft)
            return (draft, draft.id)
        }
    }

    /// Records an institution's answer and its effects on the control, the seal queue and the case.
    private func recordAnswer<Command: CaseCommand>(
        _ command: Command, id rawID: String, answer: ControlAnswer, transferReference: String? = nil, by caller: Caller, requestID: String
    ) async throws -> ControlRequest {
        let institution = try requireInstitution(caller)
        let id = rawID.trimmingWhitespace
        guard !id.isEmpty else { throw EnforcementError.invalid("control_request_id", "name the request answered (e.g. CR00000042)") }
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let nodes = domain.nodes
        let institutions = self.institutions
        let policy = self.policy
        return try await store.write(context) { tx in
            guard var request = try tx.controls.request(id) else {
                throw EnforcementError(.notFound, field: "control_request_id", "no request \(id)")
            }
            guard request.institution == institution.id else {
                throw Domain.outOfScope("request \(id)", field: "control_request_id")
            }
            try Self.check(answer, fits: request)
            if let previous = request.answer {
                guard previous == answer else {
                    throw EnforcementError.precondition("request \(id) was already answered with different content; an answer is final", field: "control_request_id", reason: "ANSWER_IS_FINAL")
                }
                return (request, id)
            }
            request.status = .answered
            request.answer = answer
            request.answeredAt = context.at
            request.transferReference = transferReference
            try ControlEffects(tx: tx, institutions: institutions, policy: policy, nodes: nodes, at: context.at, by: caller.description).apply(&request)
            return (request, id)
        }
    }

    static func check(_ answer: ControlAnswer, fits request: ControlRequest) throws(EnforcementError) {
        switch (request.action, answer) {
        case (.query, .query(let holdings)):
            for (index, holding) in holdings.enumerated() {
                if let owner = holding.ownerIDNumber, !request.debtors.contains(where: { $0.idNumber == owner }) {
                    throw .invalid("result.holdings[\(index)].owner_id_number", "the holder is one of the debtors the request names, by ID number")
                }
            }
        case (.freeze, .control(let controlled, let reason, let startOn, let endOn)):
            guard let asked = request.amount, controlled <= asked else {
                throw .invalid("result.controlled_fen", "at most the amount requested (\(request.amount ?? Money(fen: 0))) is controlled, got \(controlled)")
            }
            try checkDates(controlled: controlled, reason: reason, startOn: startOn, endOn: endOn, requestedEnd: request.endOn)
        case (.renew, .control(let controlled, let reason, let startOn, let endOn)):
            try checkDates(controlled: controlled, reason: reason, startOn: startOn, endOn: endOn, requestedEnd: request.endOn)
        case (.release, .control(let controlled, _, _, _)):
            // A partial release is checked against its freeze when it is applied.
            guard request.amount != nil || controlled.fen == 0 else {
                throw .invalid("result.controlled_fen", "a release answer controls nothing: send 0")
            }
        case (.deduct, .deduction(let moved, let reason, _)):
            guard let asked = request.amount, moved <= asked else {
                throw .invalid("result.moved_fen", "at most the amount requested (\(request.amount ?? Money(fen: 0))) is moved, got \(moved)")
            }
            if moved.fen == 0, reason == nil { throw .invalid("result.reason", "when nothing is moved, say why") }
        default:
            let rpc = switch request.action {
            case .query: "AnswerQuery"
            case .freeze, .renew, .release: "AnswerControl"
            case .deduct: "AnswerDeduction"
            }
            throw .invalid("control_request_id", "\(request.id) is a \(request.action.rawValue) request; answer it with \(rpc)")
        }
    }

    private static func checkDates(controlled: Money, reason: String?, startOn: CalendarDate?, endOn: CalendarDate?, requestedEnd: CalendarDate?) throws(EnforcementError) {
        if controlled.fen == 0 {
            guard reason != nil else { throw .invalid("result.reason", "when nothing is controlled, say why") }
            return
        }
        guard let startOn, let endOn, startOn <= endOn else {
            throw .invalid("result.end_on", "a control states its first and last day (start_on ≤ end_on)")
        }
        if let requestedEnd, endOn > requestedEnd {
            throw .invalid("result.end_on", "the control cannot run past the day ordered, \(requestedEnd); got \(endOn)")
        }
    }

    static func validate(_ input: HoldingInput, field: String) throws(EnforcementError) -> Holding {
        guard let kind = input.assetKind else { throw .invalid("\(field).asset.kind", "the asset kind is required") }
        let identifier = try CaseWorkflow.requiredText(input.identifier, field: "\(field).asset.identifier", rule: "the account or asset identifier is required", limit: 64)
        guard (0...Money.maximum.fen).contains(input.balanceFen) else { throw .invalid("\(field).balance_fen", "a balance is 0 to \(Money.maximum.fen) fen") }
        guard (0...input.balanceFen).contains(input.availableFen) else {
            throw .invalid("\(field).available_fen", "the available balance is 0 to the balance (\(input.balanceFen)), got \(input.availableFen)")
        }
        var freezes: [ExistingFreeze] = []
        for (index, freeze) in input.existingFreezes.enumerated() {
            let where_ = "\(field).existing_freezes[\(index)]"
            guard (0...Money.maximum.fen).contains(freeze.amountFen) else { throw .invalid("\(where_).amount_fen", "an amount is 0 to \(Money.maximum.fen) fen") }
            freezes.append(ExistingFreeze(
                authority: try CaseWorkflow.requiredText(freeze.authority, field: "\(where_).authority", rule: "name the authority"),
                documentNumber: freeze.documentNumber.trimmingWhitespace, amount: Money(fen: freeze.amountFen),
                endOn: freeze.endOn.isEmpty ? nil : try date(freeze.endOn, field: "\(where_).end_on")))
        }
        let owner = input.ownerIDNumber.trimmingWhitespace.uppercased()
        guard owner.count <= 18 else { throw .invalid("\(field).owner_id_number", "an ID number is at most 18 characters") }
        return Holding(asset: AssetRef(kind: kind, identifier: identifier), type: String(input.type.trimmingWhitespace.prefix(50)),
                       status: String(input.status.trimmingWhitespace.prefix(50)), branch: String(input.branch.trimmingWhitespace.prefix(100)),
                       balance: Money(fen: input.balanceFen), available: Money(fen: input.availableFen), existingFreezes: freezes,
                       ownerIDNumber: owner.isEmpty ? nil : owner)
    }

    // MARK: Helpers

    /// Inserts one query request per institution, and the case's `network_query_launched` node.
    static func insertQueries(
        for record: EnforcementCase, at targets: [Institution], documentNumber: String, note: String?,
        by caller: Caller, context: WriteContext, tx: any StoreTransaction, nodes: ProcessNodeCatalogue
    ) throws -> [ControlRequest] {
        var created: [ControlRequest] = []
        for institution in targets {
            created.append(try tx.controls.insert(ControlRequest(
                caseNumber: record.number, institution: institution.id, action: .query, debtors: record.debtors,
                documentNumber: documentNumber, handlingJudge: judge(record, caller), requestedBy: caller.description,
                servedAt: context.at, answerDueAt: due(institution, .query, from: context.at), note: note)))
        }
        let summary = (note.map { $0 + ": " } ?? "") + "\(targets.count) institution(s): " + targets.map(\.id).joined(separator: ", ")
        _ = try tx.cases.append(NodeEvent(caseNumber: record.number, node: nodes.system("network_query_launched"), occurredAt: context.at,
                                    recordedBy: caller.description, documentNumber: documentNumber, note: summary, filedOn: record.filedOn))
        return created
    }

    static func require(_ institution: Institution, supports action: ControlAction) throws(EnforcementError) {
        guard institution.actions.contains(action) else {
            throw .invalid("institution_id", "\(institution.id) does not take \(action.rawValue) requests over the network")
        }
    }

    static func requirePending(_ record: EnforcementCase) throws(EnforcementError) {
        guard record.status == .pending else {
            throw .precondition("case \(record.number) is \(record.status.rawValue); freezes and deductions are made in pending cases", field: "case_number", reason: "CASE_NOT_PENDING")
        }
    }

    /// A freeze that holds, or is still waiting for its answer (and so may come to hold), its asset.
    static func holdsOrMayHold(_ freeze: ControlRequest) -> Bool {
        freeze.status == .pending || freeze.control?.status.isLive == true
    }

    static func judge(_ record: EnforcementCase, _ caller: Caller) -> String {
        record.handlingJudge ?? caller.user?.name ?? "未分配"
    }

    static func due(_ institution: Institution, _ action: ControlAction, from instant: Date) -> Date {
        instant.addingTimeInterval(TimeInterval(institution.answerHours.hours(for: action) * 3600))
    }

    static func date(_ text: String, field: String) throws(EnforcementError) -> CalendarDate {
        guard let day = CalendarDate(iso: text.trimmingWhitespace), day.isValid else {
            throw .invalid(field, "a date is YYYY-MM-DD, got '\(text)'")
        }
        return day
    }
}
