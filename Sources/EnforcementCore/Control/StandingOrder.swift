public import Foundation

/// A standing freeze order (持续冻结): the court asks the platform to fill the case's room across
/// the connected banks. The platform sends a freeze to every bank that reported holdings, and for
/// the order's period re-sends as new holdings appear in re-queries, until the room is full. Each
/// freeze it sends is an ordinary request carrying the order's document as its legal basis.
public struct StandingFreezeOrder: Hashable, Codable, Sendable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Sending freezes as holdings appear.
        case active
        /// The room is full and every freeze it sent has its answer.
        case filled
        /// The judge cancelled it.
        case cancelled
        /// Its period ended.
        case expired
    }

    /// `SO` and the position, e.g. `SO00000007`.
    public var id: String
    public var position: Int64
    public var caseNumber: CaseNumber
    public var documentNumber: String
    public var status: Status
    public var createdBy: String
    public var createdAt: Date
    /// The last day freezes are sent.
    public var endsOn: CalendarDate
    /// The freeze requests it sent, in order.
    public var freezes: [String]
    /// For each asset it froze (`ControlRequest.assetKey`), the query whose holding it acted on: a
    /// later query reporting the asset again may be acted on again.
    public var actedOn: [String: String]
    public var closedBy: String?
    public var closedAt: Date?
    public var closingNote: String?

    public init(id: String = "", position: Int64 = 0, caseNumber: CaseNumber, documentNumber: String, status: Status = .active,
                createdBy: String, createdAt: Date, endsOn: CalendarDate) {
        self.id = id
        self.position = position
        self.caseNumber = caseNumber
        self.documentNumber = documentNumber
        self.status = status
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.endsOn = endsOn
        self.freezes = []
        self.actedOn = [:]
    }

    public static func id(position: Int64) -> String {
        let digits = String(position)
        return "SO" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }
}

/// Which control requests an oversight export reads: one court's or one institution's, served in a period.
public struct ControlLogFilter: Hashable, Sendable {
    public var court: CourtCode?
    public var institution: String?
    public var servedFrom: Date
    public var servedBefore: Date
    public var after: Int64
    public var limit: Int

    public init(court: CourtCode? = nil, institution: String? = nil, servedFrom: Date, servedBefore: Date, after: Int64 = 0, limit: Int = 100) {
        self.court = court
        self.institution = institution
        self.servedFrom = servedFrom
        self.servedBefore = servedBefore
        self.after = after
        self.limit = limit
    }
}

/// Court commands on standing orders.
public struct CreateStandingOrder: CaseCommand, Hashable {
    public static let action = "control.standing_order"
    public var caseNumber: String
    public var documentNumber: String
    /// The last day (YYYY-MM-DD); empty: the policy's default period from today.
    public var endsOn: String

    public init(caseNumber: String, documentNumber: String, endsOn: String = "") {
        self.caseNumber = caseNumber
        self.documentNumber = documentNumber
        self.endsOn = endsOn
    }
}

public struct CancelStandingOrder: CaseCommand, Hashable {
    public static let action = "control.standing_order_cancel"
    public var orderID: String
    public var note: String

    public init(orderID: String, note: String) {
        self.orderID = orderID
        self.note = note
    }
}

extension ControlEffects {
    /// Runs the active standing orders of a case: expires an order past its last day or of a case
    /// no longer pending; otherwise sends a freeze to each bank whose latest query answer reported
    /// a holding with money available that the case neither holds nor has asked for, and that the
    /// order has not yet acted on in that answer, at most the room; marks an order filled when the
    /// room is full and every freeze it sent has its answer.
    func fillStandingOrders(_ number: CaseNumber) throws {
        for var order in try tx.controls.standingOrders(ofCase: number) where order.status == .active {
            guard let record = try tx.cases.record(number) else { return }
            if record.status != .pending || today > order.endsOn {
                order.status = .expired
                order.closedAt = at
                order.closedBy = by
                order.closingNote = record.status != .pending ? "案件已\(record.status.rawValue)" : "期限届满 \(order.endsOn)"
                try tx.controls.update(order)
                continue
            }
            var requests = try tx.controls.requests(ofCase: number)
            let room = try ControlRoom.of(record, on: today, requests: requests, ledger: tx.ledger)
            var latest: [String: (query: ControlRequest, holding: Holding)] = [:]
            for query in requests where query.action == .query {
                guard case .query(let holdings)? = query.answer else { continue }
                for holding in holdings {
                    latest["\(query.institution)|\(holding.asset.kind.rawValue)|\(holding.asset.identifier)"] = (query, holding)
                }
            }
            var left = room.room.fen
            let candidates = latest.sorted { ($0.value.query.position, $0.key) < ($1.value.query.position, $1.key) }
            for (key, found) in candidates where left > 0 {
                let kind = found.holding.asset.kind
                guard order.actedOn[key] != found.query.id, found.holding.available.fen > 0, kind == .deposit || kind == .otherRight,
                      let institution = institutions.institution(found.query.institution), institution.connected,
                      institution.actions.contains(.freeze), institution.assetKinds.contains(kind),
                      !requests.contains(where: { $0.action == .freeze && $0.assetKey == key && ControlWorkflow.holdsOrMayHold($0) })
                else { continue }
                let amount = Money(fen: min(found.holding.available.fen, left))
                var freeze = ControlRequest(
                    caseNumber: number, institution: institution.id, action: .freeze, debtors: record.debtors,
                    documentNumber: order.documentNumber, handlingJudge: record.handlingJudge ?? order.createdBy, requestedBy: order.createdBy,
                    servedAt: at, answerDueAt: ControlWorkflow.due(institution, .freeze, from: at), asset: found.holding.asset,
                    amount: amount, endOn: policy.latestEnd(of: kind, from: today),
                    note: "持续冻结\(order.id)：\(found.query.id)报告可用余额¥\(found.holding.available)，可冻结余额¥\(Money(fen: left))")
                freeze.ownerIDNumber = found.holding.ownerIDNumber
                freeze = try tx.controls.insert(freeze)
                requests.append(freeze)
                order.freezes.append(freeze.id)
                order.actedOn[key] = found.query.id
                left -= amount.fen
            }
            let sent = Set(order.freezes)
            if left == 0, !requests.contains(where: { sent.contains($0.id) && $0.status == .pending }) {
                order.status = .filled
                order.closedAt = at
                order.closedBy = by
                order.closingNote = "可冻结余额已满：\(room.figures)"
            }
            try tx.controls.update(order)
        }
    }
}

extension ControlWorkflow {
    /// A court asks the platform to fill the case's room across the connected banks (持续冻结).
    public func createStandingOrder(_ command: CreateStandingOrder, by caller: Caller, requestID: String) async throws -> StandingFreezeOrder {
        let number = try CaseNumber(parsing: command.caseNumber)
        let document = try CaseWorkflow.requiredText(command.documentNumber, field: "document_number",
                                                     rule: "a standing freeze order is made by a ruling: give its document number")
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let today = CalendarDate(context.at)
        let latest = policy.latestEnd(of: .deposit, from: today)
        let endsOn = command.endsOn.trimmingWhitespace.isEmpty ? today.adding(days: policy.standingOrderDays) : try Self.date(command.endsOn, field: "ends_on")
        guard endsOn >= today, endsOn <= latest else {
            throw EnforcementError.invalid("ends_on", "a standing order runs from today (\(today)) to at most \(latest), got \(endsOn)")
        }
        try domain.requireChangeRight(caller, number)
        let (institutions, policy, nodes) = (self.institutions, self.policy, domain.nodes)
        let created = try await store.write(context) { tx in
            let record = try CaseWorkflow.load(number, tx.cases)
            try Self.requirePending(record)
            if let open = try tx.controls.standingOrders(ofCase: number).first(where: { $0.status == .active }) {
                throw EnforcementError.precondition("case \(number) already has standing order \(open.id); cancel it first", field: "case_number")
            }
            var order = try tx.controls.insert(StandingFreezeOrder(
                caseNumber: number, documentNumber: document, createdBy: caller.description, createdAt: context.at, endsOn: endsOn))
            try ControlEffects(tx: tx, institutions: institutions, policy: policy, nodes: nodes, at: context.at, by: caller.description)
                .fillStandingOrders(number)
            order = try tx.controls.standingOrder(order.id) ?? order
            return (order, order.id)
        }
        feed.publish()
        return created
    }

    /// The judge cancels a standing order; freezes it already sent stay as they are.
    public func cancelStandingOrder(_ command: CancelStandingOrder, by caller: Caller, requestID: String) async throws -> StandingFreezeOrder {
        let id = command.orderID.trimmingWhitespace
        guard !id.isEmpty else { throw EnforcementError.invalid("order_id", "name the standing order (e.g. SO00000007)") }
        let note = try CaseWorkflow.requiredText(command.note, field: "note", rule: "say why the order is cancelled", limit: 500)
        let context = try domain.writeContext(command, caller: caller, requestID: requestID)
        let domain = self.domain
        return try await store.write(context) { tx in
            guard var order = try tx.controls.standingOrder(id) else {
                throw EnforcementError(.notFound, field: "order_id", "no standing order \(id)")
            }
            try domain.requireChangeRight(caller, order.caseNumber, asked: "standing order \(id)", field: "order_id")
            guard order.status == .active else {
                throw EnforcementError.precondition("standing order \(id) is \(order.status.rawValue); only an active order is cancelled", field: "order_id")
            }
            order.status = .cancelled
            order.closedBy = caller.description
            order.closedAt = context.at
            order.closingNote = note
            try tx.controls.update(order)
            return (order, order.caseNumber.description)
        }
    }

    /// The standing orders of a case.
    public func standingOrders(ofCase rawNumber: String, by caller: Caller) async throws -> [StandingFreezeOrder] {
        try await domain.readCase(rawNumber, by: caller) { reader, record in try reader.controls.standingOrders(ofCase: record.number) }
    }

    /// The oversight export: every request one court made, or one institution received, in a
    /// period — who asked about whose assets, when, on which document. The command centre reads any;
    /// a court its own requests; an institution what it received.
    public func controlLog(court rawCourt: String, institution rawInstitution: String, from rawFrom: String, until rawUntil: String,
                           pageSize: Int, pageToken: String, by caller: Caller) async throws -> (requests: [ControlRequest], nextPageToken: String) {
        let court = rawCourt.isEmpty ? nil : try CourtCode(rawCourt, field: "court_code")
        let institution = rawInstitution.isEmpty ? nil : rawInstitution
        guard (court == nil) != (institution == nil) else {
            throw EnforcementError.invalid("court_code", "name one court (court_code) or one institution (institution_id)")
        }
        let from = try Self.date(rawFrom, field: "from")
        let until = try Self.date(rawUntil, field: "until")
        guard from <= until, from.days(until: until) <= 366 else {
            throw EnforcementError.invalid("until", "a period runs from a day to the same or a later one, at most 366 days; got \(from) to \(until)")
        }
        guard (0...1000).contains(pageSize) else { throw EnforcementError.invalid("page_size", "page_size is 1 to 1000 (0 means 100), got \(pageSize)") }
        var after: Int64 = 0
        if !pageToken.isEmpty {
            guard pageToken.count <= 20, let position = Int64(pageToken), position >= 0 else {
                throw EnforcementError.invalid("page_token", "a page token is a next_page_token returned before")
            }
            after = position
        }
        switch caller.principal {
        case .commandCentre: break
        case .court(let own) where court == own: break
        case .institution(let own) where institution == own: break
        default:
            throw EnforcementError(.permissionDenied, "\(caller.principal) may export only its own requests; the command centre exports any court's or institution's")
        }
        if let institution { _ = try institutions.require(institution) }
        let limit = pageSize == 0 ? 100 : pageSize
        let filter = ControlLogFilter(court: court, institution: institution, servedFrom: from.startInstant,
                                      servedBefore: until.adding(days: 1).startInstant, after: after, limit: limit)
        let page = try await store.read { reader in try reader.controls.requests(filter) }
        return (page, page.count == limit ? String(page.last?.position ?? after) : "")
    }
}
