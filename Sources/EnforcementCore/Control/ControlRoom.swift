public import Foundation

/// How much more a case may freeze, counted across every institution and asset kind (SPC
/// provisions on sealing, seizing and freezing, art. 21: do not freeze clearly more than the debt
/// plus costs).
///
/// outstanding = amount sought + enforcement fee + late interest to today − money credited to the
/// case's escrow accounts (from the ledger); held = what the case's controls hold or may come to
/// hold; room = outstanding − held.
public struct ControlRoom: Hashable, Sendable {
    public var sought: Money
    public var fee: Money
    public var interest: Money
    /// Receipts credited or matched to the case's escrow accounts, not reversed.
    public var credited: Money
    public var outstanding: Money
    /// Active and waiting controls (what they still hold), pending freezes at their requested
    /// amount, deductions moved but not yet received, less releases already asked for; seals on
    /// real estate and movables at the value the court stated (0 if none).
    public var held: Money
    /// Of `held`, deductions moved by a bank but not yet received in escrow.
    public var inTransit: Money
    /// Of `held`, what answered freezes of money (deposits, other rights) hold, less releases asked for.
    public var answeredMoney: Money
    public var room: Money { Money(fen: max(0, outstanding.fen - held.fen)) }
    /// What answered freezes of money hold beyond the outstanding amount. Left out: unanswered
    /// freezes (they may come back short, and the latest controls are released first once they
    /// answer), money in transit (a receipt that arrived unlinked would count it twice) and seals at
    /// a stated value (an estimate; a flat is released whole, by the judge). An excess release
    /// cannot be undone, so it counts only what is certain.
    public var excess: Money { Money(fen: max(0, answeredMoney.fen - outstanding.fen)) }

    public init(sought: Money, fee: Money, interest: Money, credited: Money, outstanding: Money, held: Money, inTransit: Money,
                answeredMoney: Money) {
        self.sought = sought
        self.fee = fee
        self.interest = interest
        self.credited = credited
        self.outstanding = outstanding
        self.held = held
        self.inTransit = inTransit
        self.answeredMoney = answeredMoney
    }

    /// The figures a judge reads in a cut, a refusal or an automatic release.
    public var figures: String {
        "未执行金额¥\(outstanding)（申请执行标的¥\(sought) + 执行费¥\(fee) + 迟延履行利息¥\(interest) − 已到账¥\(credited)），"
            + "已控制或可能控制¥\(held)，可冻结余额¥\(room)"
    }

    /// The case's room on `day`, read inside the caller's transaction or snapshot.
    static func of(_ record: EnforcementCase, on day: CalendarDate, controls: any ControlReader, ledger: any LedgerReader) throws -> ControlRoom {
        try of(record, on: day, requests: try controls.requests(ofCase: record.number), ledger: ledger)
    }

    /// The same, from the case's requests already read by the caller.
    static func of(_ record: EnforcementCase, on day: CalendarDate, requests: [ControlRequest], ledger: any LedgerReader) throws -> ControlRoom {
        let credited = try credited(record.number, ledger)
        let fee = try EnforcementFee.fee(on: record.amountSought)
        let unpaid = Money(fen: max(0, record.amountSought.fen - credited.fen))
        let interest = try LateInterest.interest(on: unpaid, daysLate: max(0, record.filedOn.days(until: day)))
        let outstanding = Money(fen: max(0, record.amountSought.fen + fee.fen + interest.fen - credited.fen))
        let held = requests.reduce(Int64(0)) { $0 + Self.holding(of: $1, among: requests) }
        let inTransit = requests.filter { $0.action == .deduct }.reduce(Int64(0)) { $0 + Self.holding(of: $1, among: requests) }
        let answeredMoney = requests.filter { $0.action == .freeze && $0.control != nil && $0.countsAtStatedValue == nil }
            .reduce(Int64(0)) { $0 + Self.holding(of: $1, among: requests) }
        return ControlRoom(sought: record.amountSought, fee: fee, interest: interest, credited: credited,
                           outstanding: outstanding, held: Money(fen: held), inTransit: Money(fen: inTransit),
                           answeredMoney: Money(fen: answeredMoney))
    }

    /// Money credited to a case from the ledger: its receipts credited or matched, not reversed.
    static func credited(_ number: CaseNumber, _ ledger: any LedgerReader) throws -> Money {
        let receipts = try ledger.receipts(ReceiptFilter(caseNumber: number, limit: 100_000))
        return Money(fen: receipts.filter { $0.status == .credited || $0.status == .matched }.reduce(0) { $0 + $1.amount.fen })
    }

    /// What one request counts against the room (0 for anything but freezes and deductions in transit).
    static func holding(of request: ControlRequest, among requests: [ControlRequest]) -> Int64 {
        switch request.action {
        case .freeze:
            guard ControlWorkflow.holdsOrMayHold(request) else { return 0 }
            if let stated = request.countsAtStatedValue { return stated.fen }
            guard let control = request.control else { return request.amount?.fen ?? 0 }
            let releasing = requests
                .filter { $0.action == .release && $0.status == .pending && $0.freezeRequestID == request.id }
                .reduce(Int64(0)) { $0 + ($1.amount?.fen ?? control.remaining.fen) }
            return max(0, control.remaining.fen - releasing)
        case .deduct:
            // Moved out of the frozen account but not yet in escrow: still the case's, not yet credited.
            if case .deduction(let moved, _, _)? = request.answer, request.receiptID == nil { return moved.fen }
            return 0
        case .query, .renew, .release:
            return 0
        }
    }
}

extension ControlRequest {
    /// Real estate and movables count at the value the court stated, not at an amount frozen.
    var countsAtStatedValue: Money? {
        guard let kind = asset?.kind, kind == .realEstate || kind == .movable else { return nil }
        return statedValue ?? Money(fen: 0)
    }
}

/// 解除超标的冻结: when the answered controls of a case hold more than its outstanding amount
/// (money arrived, or several institutions answered in full), the platform asks the institutions to
/// release the excess, latest controls first, in the same transaction as the answer or receipt that
/// made it, and tells the handling judge. Releases already asked for count as released, so running
/// it again asks nothing twice.
struct ExcessRelease {
    /// The platform asks for these releases itself, whatever write (an answer, a receipt) found the excess.
    static let caller = Caller(principal: .system("excess-release"))

    let tx: any StoreTransaction
    let institutions: InstitutionRegistry
    let nodes: ProcessNodeCatalogue
    let at: Date
    var by: String { Self.caller.description }

    @discardableResult
    func run(_ number: CaseNumber) throws -> [ControlRequest] {
        guard let record = try tx.cases.record(number), record.status == .pending else { return [] }
        // Most writes that call this (every receipt) concern cases without an answered freeze of
        // money: answer them from the requests alone, without summing the case's receipts.
        let requests = try tx.controls.requests(ofCase: number)
        guard requests.contains(where: { $0.action == .freeze && $0.countsAtStatedValue == nil && $0.control?.status.isLive == true }) else {
            return []
        }
        let room = try ControlRoom.of(record, on: CalendarDate(at), requests: requests, ledger: tx.ledger)
        var excess = room.excess.fen
        guard excess > 0 else { return [] }
        let latestFirst = requests
            .filter { $0.action == .freeze && $0.countsAtStatedValue == nil && $0.control?.status.isLive == true }
            .sorted { ($0.servedAt, $0.position) > ($1.servedAt, $1.position) }
        var made: [(release: ControlRequest, part: Money)] = []
        for freeze in latestFirst where excess > 0 {
            let busy = requests.contains { $0.freezeRequestID == freeze.id && $0.status == .pending && ($0.action == .release || $0.action == .deduct) }
            let holds = ControlRoom.holding(of: freeze, among: requests)
            guard !busy, holds > 0, let institution = institutions.institution(freeze.institution),
                  institution.actions.contains(.release) else { continue }
            let part = min(excess, holds)
            var release = ControlRequest(
                caseNumber: number, institution: freeze.institution, action: .release, debtors: freeze.debtors,
                documentNumber: freeze.documentNumber, handlingJudge: freeze.handlingJudge, requestedBy: by, servedAt: at,
                answerDueAt: ControlWorkflow.due(institution, .release, from: at), asset: freeze.asset,
                amount: part == holds ? nil : Money(fen: part), freezeRequestID: freeze.id,
                note: "解除超标的冻结：解除\(freeze.id)中¥\(Money(fen: part))；\(room.figures)，超出¥\(room.excess)")
            release.automatic = true
            release.ownerIDNumber = freeze.ownerIDNumber
            made.append((try tx.controls.insert(release), Money(fen: part)))
            excess -= part
        }
        guard !made.isEmpty else { return [] }
        let summary = made.map { "\($0.release.freezeRequestID ?? "")（\($0.release.institution)）¥\($0.part)" }.joined(separator: "，")
        let text = "案件\(number)冻结超出未执行金额¥\(room.excess)，系统已自动申请解除：\(summary)。"
        var updated = record
        updated.nodesReached.insert("excess_release_requested")
        try tx.cases.update(updated)
        _ = try tx.cases.append(NodeEvent(caseNumber: number, node: nodes.system("excess_release_requested"), occurredAt: at, recordedBy: by,
                                          documentNumber: made[0].release.documentNumber, note: text, filedOn: record.filedOn))
        try FundsWorkflow.notify(record, template: "excess_release", text: text, reference: made[0].release.id, tx: tx, at: at, judgeOnly: true)
        return made.map(\.release)
    }
}
