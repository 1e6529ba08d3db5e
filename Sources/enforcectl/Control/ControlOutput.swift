import EnforcementCore

extension Output {
    static func requests(_ requests: [ControlRequest]) {
        table(
            ["id", "institution", "action", "status", "asset", "amount", "end", "result", "control"],
            requests.map { request in
                [request.id, request.institution, request.action.rawValue, request.status.rawValue,
                 request.asset.map { "\($0.kind.rawValue):\($0.identifier)" } ?? "-",
                 request.amount.map { "¥\($0)" } ?? "-", request.endOn?.description ?? "-",
                 request.action == .release && request.status == .answered
                    ? (request.amount == nil ? "released" : "released, \(result(request.answer).split(separator: " ").first ?? "") still held")
                    : result(request.answer),
                 control(request.control)]
            })
    }

    /// The notes that carry figures: a cut by the room or the floor, an automatic release.
    static func notes(_ requests: [ControlRequest]) {
        for request in requests {
            if let note = request.note, request.askedAmount != nil || request.automatic == true || request.statedValue != nil {
                print("\(request.id): \(note)")
            }
            if let account = request.escrowAccount {
                print("\(request.id): into escrow \(account)" + (request.receiptID.map { ", received as \($0)" } ?? ", not received yet"))
            }
        }
    }

    static func standingOrders(_ orders: [StandingFreezeOrder]) {
        table(["id", "case", "status", "ends", "document", "freezes sent", "note"], orders.map {
            [$0.id, $0.caseNumber.description, $0.status.rawValue, $0.endsOn.description, $0.documentNumber,
             $0.freezes.isEmpty ? "-" : $0.freezes.joined(separator: " "), $0.closingNote ?? ""]
        })
    }

    static func result(_ answer: ControlAnswer?) -> String {
        switch answer {
        case .query(let holdings)?:
            let available = holdings.reduce(Int64(0)) { $0 + $1.available.fen }
            return "\(holdings.count) holding(s), ¥\(Money(fen: available)) available"
        case .control(let controlled, let reason, _, let endOn)?:
            return controlled.fen == 0 ? "nothing controlled" + (reason.map { " (\($0))" } ?? "") : "¥\(controlled) until \(endOn?.description ?? "?")"
        case .deduction(let moved, let reason, let whole)?:
            return "¥\(moved) moved" + (reason.map { " (\($0))" } ?? "") + (whole ? ", whole asset disposed" : "")
        case nil:
            return "-"
        }
    }

    static func control(_ state: ControlState?) -> String {
        guard let state else { return "-" }
        var text = state.status.rawValue
        if state.status.isLive { text += " ¥\(state.remaining) held" }
        if state.status == .active, let end = state.endOn { text += " to \(end)" }
        if state.deducted.fen > 0 { text += ", ¥\(state.deducted) deducted" }
        return text
    }

    static func holdings(_ holdings: [Holding]) {
        table(["asset", "type", "status", "branch", "balance", "available", "others' freezes"], holdings.map {
            ["\($0.asset.kind.rawValue):\($0.asset.identifier)", $0.type, $0.status, $0.branch, "¥\($0.balance)", "¥\($0.available)",
             $0.existingFreezes.map { "\($0.authority) ¥\($0.amount)" }.joined(separator: "; ")]
        })
    }
}
