public import Foundation

/// What an answer, or the passing of time, does to the controls of an asset and to the case:
/// the seal queue (轮候查封) and the node events.
struct ControlEffects {
    let tx: any StoreTransaction
    let institutions: InstitutionRegistry
    let policy: ControlPolicy
    let nodes: ProcessNodeCatalogue
    let at: Date
    let by: String

    var today: CalendarDate { CalendarDate(at) }

    /// Applies an answer just recorded on `request` and saves it.
    func apply(_ request: inout ControlRequest) throws {
        switch (request.action, request.answer) {
        case (.query, .query(let holdings)?):
            try tx.controls.update(request)
            let total = holdings.reduce(Int64(0)) { $0 + $1.available.fen }
            try node("network_query_answered", request, note: "\(request.institution): \(holdings.count) holding(s), \(Money(fen: total)) available")
            try fillStandingOrders(request.caseNumber)
        case (.freeze, .control(let controlled, let reason, let startOn, let endOn)?):
            let termDays = max(1, today.days(until: request.endOn ?? today))
            if controlled.fen == 0 {
                request.control = ControlState(status: .nothingControlled, controlled: controlled, startOn: nil, endOn: nil, termDays: termDays)
                try tx.controls.update(request)
                try node(sealNode(request), request, note: "\(request.institution): nothing controlled (\(reason ?? ""))")
                return
            }
            // 轮候 ranks by the time each request was served on the institution, not by the order
            // of the answers: an answer to an earlier-served freeze takes the asset from a later one.
            let holder = try liveFreezes(on: request).first { $0.id != request.id && $0.control?.status == .active }
            if let holder, Self.servedBefore(holder, request) {
                // 轮候: the term runs from the day it becomes active.
                request.control = ControlState(status: .waiting, controlled: controlled, startOn: nil, endOn: nil, termDays: termDays)
                try tx.controls.update(request)
                try node(sealNode(request), request, note: "\(request.institution): \(controlled) waiting-list behind \(holder.id)")
            } else {
                request.control = ControlState(status: .active, controlled: controlled, startOn: startOn, endOn: endOn, termDays: termDays)
                try tx.controls.update(request)
                try node(sealNode(request), request, note: "\(request.institution): \(controlled) controlled until \(endOn.map(\.description) ?? "?")")
                if var later = holder, var control = later.control {
                    control.status = .waiting
                    control.startOn = nil
                    control.endOn = nil
                    control.warningsSent = []
                    later.control = control
                    try tx.controls.update(later)
                    try node(sealNode(later), later, note: "\(later.id) waiting-list behind \(request.id), served earlier (\(request.servedAt)); its term runs from the day it becomes active")
                }
            }
            try ExcessRelease(tx: tx, institutions: institutions, nodes: nodes, at: at).run(request.caseNumber)
            try fillStandingOrders(request.caseNumber)
        case (.renew, .control(let controlled, let reason, _, let endOn)?):
            try tx.controls.update(request)
            var freeze = try target(of: request)
            if controlled.fen > 0, let endOn, var control = freeze.control, control.status == .active {
                control.endOn = endOn
                control.warningsSent = []
                freeze.control = control
                try tx.controls.update(freeze)
                try node("freeze_renewed", request, note: "\(freeze.id) until \(endOn)")
            } else {
                try node("freeze_renewed", request, note: "\(freeze.id): renewal not carried out (\(reason ?? ""))")
            }
        case (.release, .control(let controlled, _, _, _)?):
            var freeze = try target(of: request)
            if let part = request.amount {
                // A partial release leaves the rest of the control in force.
                let left = Money(fen: (freeze.control?.remaining.fen ?? 0) - part.fen)
                guard controlled == left else {
                    throw EnforcementError.invalid("result.controlled_fen",
                        "\(request.id) releases \(part) of \(freeze.id), which leaves \(left) controlled; answer controlled_fen \(left.fen), got \(controlled.fen)")
                }
                try tx.controls.update(request)
                if var control = freeze.control {
                    control.controlled = Money(fen: control.controlled.fen - part.fen)
                    freeze.control = control
                }
                try tx.controls.update(freeze)
                try node("assets_released", request, note: "\(freeze.id): \(part) released, \(left) still controlled" + (request.automatic == true ? "（解除超标的冻结）" : ""))
                // A control skipped while this release was pending may now be released in turn.
                try ExcessRelease(tx: tx, institutions: institutions, nodes: nodes, at: at).run(request.caseNumber)
                try fillStandingOrders(request.caseNumber)
                return
            }
            try tx.controls.update(request)
            let wasActive = freeze.control?.status == .active
            freeze.control?.status = .released
            try tx.controls.update(freeze)
            try node("assets_released", request, note: "\(freeze.id) released" + (request.automatic == true ? "（解除超标的冻结）" : ""))
            if wasActive { try activateNext(after: freeze) }
            try ExcessRelease(tx: tx, institutions: institutions, nodes: nodes, at: at).run(request.caseNumber)
            try fillStandingOrders(request.caseNumber)
        case (.deduct, .deduction(let moved, let reason, let wholeAssetDisposed)?):
            try tx.controls.update(request)
            var freeze = try target(of: request)
            guard var control = freeze.control else { return }
            control.deducted = Money(fen: control.deducted.fen + moved.fen)
            if wholeAssetDisposed {
                control.status = .exhausted
                freeze.control = control
                try tx.controls.update(freeze)
                for var waiting in try liveFreezes(on: freeze) where waiting.control?.status == .waiting {
                    waiting.control?.status = .lapsed
                    try tx.controls.update(waiting)
                    try node("freeze_lapsed", waiting, note: "\(waiting.id) lapsed: the whole asset was disposed of under \(freeze.id)")
                }
            } else if control.remaining.fen <= 0 {
                // Partial disposal: the first waiting control takes over the remainder.
                control.status = .exhausted
                freeze.control = control
                try tx.controls.update(freeze)
                try activateNext(after: freeze)
            } else {
                freeze.control = control
                try tx.controls.update(freeze)
            }
            try node("funds_deducted", request, note: moved.fen > 0
                ? "\(moved) moved into escrow account \(request.escrowAccount?.description ?? "-") from \(freeze.id)"
                : "nothing moved from \(freeze.id) (\(reason ?? ""))")
            if moved.fen > 0 { try linkEarlierReceipt(&request) }
            // A control skipped while this deduction was pending may now be released.
            try ExcessRelease(tx: tx, institutions: institutions, nodes: nodes, at: at).run(request.caseNumber)
        default:
            throw EnforcementError(.internalError, "answer of \(request.id) does not fit its action")
        }
    }

    /// The custodian may report the money before the bank answers: a receipt already credited to
    /// the case and linked to no deduction is linked now (by the rules of `FundsWorkflow.linkDeduction`).
    private func linkEarlierReceipt(_ request: inout ControlRequest) throws {
        let receipts = try tx.ledger.receipts(ReceiptFilter(caseNumber: request.caseNumber, limit: 100_000))
        for var receipt in receipts where receipt.deductionRequestID == nil && (receipt.status == .credited || receipt.status == .matched) {
            guard let id = try FundsWorkflow.linkDeduction(receipt, tx.controls) else { continue }
            receipt.deductionRequestID = id
            try tx.ledger.update(receipt)
            if id == request.id, let linked = try tx.controls.request(id) {
                request = linked
                return
            }
        }
    }

    /// `a` was served on the institution before `b` (position breaks a tie).
    static func servedBefore(_ a: ControlRequest, _ b: ControlRequest) -> Bool {
        (a.servedAt, a.position) < (b.servedAt, b.position)
    }

    /// The freeze ended: the earliest waiting control on its asset (by service time) becomes active at once.
    func activateNext(after freeze: ControlRequest) throws {
        let waiting = try liveFreezes(on: freeze)
            .filter { $0.control?.status == .waiting }
            .sorted(by: Self.servedBefore)
        guard var next = waiting.first, var control = next.control else { return }
        control.status = .active
        control.startOn = today
        control.endOn = today.adding(days: control.termDays)
        control.warningsSent = []
        next.control = control
        try tx.controls.update(next)
        try node(sealNode(next), next, note: "\(next.id) active from the waiting list after \(freeze.id), until \(control.endOn!)")
    }

    /// A lapsed freeze (not renewed by its end date).
    func lapse(_ freeze: inout ControlRequest) throws {
        freeze.control?.status = .lapsed
        try tx.controls.update(freeze)
        try node("freeze_lapsed", freeze, note: "\(freeze.id) was not renewed by \(freeze.control?.endOn.map(\.description) ?? "its end date") and lapsed")
        try activateNext(after: freeze)
    }

    private func liveFreezes(on request: ControlRequest) throws -> [ControlRequest] {
        guard let key = request.assetKey else { return [] }
        return try tx.controls.freezes(onAsset: key).filter { $0.control?.status.isLive == true }
    }

    private func target(of request: ControlRequest) throws -> ControlRequest {
        guard let id = request.freezeRequestID, let freeze = try tx.controls.request(id) else {
            throw EnforcementError(.internalError, "request \(request.id) names no stored freeze")
        }
        return freeze
    }

    private func sealNode(_ request: ControlRequest) -> String {
        request.asset?.kind == .deposit || request.asset?.kind == .otherRight ? "assets_frozen" : "assets_sealed"
    }

    func node(_ code: String, _ request: ControlRequest, note: String) throws {
        guard var record = try tx.cases.record(request.caseNumber) else { return }
        if record.nodesReached.insert(code).inserted { try tx.cases.update(record) }
        _ = try tx.cases.append(NodeEvent(caseNumber: request.caseNumber, node: nodes.system(code), occurredAt: at, recordedBy: by,
                                    documentNumber: request.documentNumber, note: note, filedOn: record.filedOn))
    }
}
