public import Foundation

/// The deadline work of network asset control, run by a background service on the injected
/// clock: overdue answers, freezes nearing their end (30 and 7 days before), lapsed freezes, and
/// the automatic re-queries after a 终本 closing.
///
/// Each finding is its own write under the system principal with a request id derived from what
/// it acts on, so a sweep repeated after a crash does nothing twice.
public struct ControlMonitor: Sendable {
    public struct Report: Hashable, Sendable {
        public var overdue = 0
        public var expiring = 0
        public var lapsed = 0
        public var requeries = 0
        public var notReceived = 0
        public var ordersExpired = 0
        public init() {}
    }

    public static let caller = Caller(principal: .system("control-monitor"))

    public let workflow: ControlWorkflow

    public init(workflow: ControlWorkflow) { self.workflow = workflow }

    /// One pass over everything due at the clock's present time.
    @discardableResult
    public func sweep() async throws -> Report {
        let domain = workflow.domain
        let now = domain.clock.now()
        let today = CalendarDate(now)
        let policy = workflow.policy
        var report = Report()

        let overdue = try await domain.store.read { reader in try reader.controls.overdueRequests(at: now, limit: 1000) }
        for request in overdue where try await remindOverdue(request.id) { report.overdue += 1 }

        let horizon = today.adding(days: policy.expiryWarningDays.first ?? 0)
        let ending = try await domain.store.read { reader in try reader.controls.activeFreezes(endingOnOrBefore: horizon, limit: 1000) }
        for freeze in ending {
            guard let endOn = freeze.control?.endOn else { continue }
            if today > endOn {
                if try await lapse(freeze.id, endOn: endOn) { report.lapsed += 1 }
            } else if let threshold = policy.expiryWarningDays.last(where: { today.days(until: endOn) <= $0 }),
                      !(freeze.control?.warningsSent.contains(threshold) ?? true)
            {
                if try await warn(freeze.id, endOn: endOn, threshold: threshold) { report.expiring += 1 }
            }
        }

        let arrivalDue = now.addingTimeInterval(-TimeInterval(policy.deductionArrivalDays * 86_400))
        let awaiting = try await domain.store.read { reader in try reader.controls.deductionsAwaitingReceipt(answeredBefore: arrivalDue, limit: 1000) }
        for deduction in awaiting where try await remindNotReceived(deduction.id) { report.notReceived += 1 }

        let orders = try await domain.store.read { reader in try reader.controls.activeStandingOrders(after: 0, limit: 1000) }
        for order in orders where today > order.endsOn {
            if try await expire(order.id, endsOn: order.endsOn) { report.ordersExpired += 1 }
        }

        let requeries = try await domain.store.read { reader in try reader.controls.dueRequeries(on: today, limit: 1000) }
        for (number, round) in requeries where try await requery(number, round: round) { report.requeries += 1 }
        if report.requeries > 0 { workflow.feed.publish() }
        return report
    }

    private func remindOverdue(_ id: String) async throws -> Bool {
        try await write(kind: "overdue", subject: id, detail: "") { tx, context, effects in
            guard var request = try tx.controls.request(id), request.status == .pending, !request.overdueReminded else { return false }
            request.overdueReminded = true
            try tx.controls.update(request)
            let message = "\(request.institution) has not answered \(request.action.rawValue) request \(request.id), due \(request.answerDueAt)"
            _ = try tx.controls.append(Reminder(kind: .answerOverdue, caseNumber: request.caseNumber, institution: request.institution,
                                       handlingJudge: request.handlingJudge, requestID: request.id, at: context.at, message: message))
            try effects.node("control_reminder", request, note: message)
            return true
        }
    }

    private func warn(_ id: String, endOn: CalendarDate, threshold: Int) async throws -> Bool {
        let warnings = workflow.policy.expiryWarningDays
        return try await write(kind: "expiring", subject: id, detail: "\(endOn)/\(threshold)") { tx, context, effects in
            guard var freeze = try tx.controls.request(id), var control = freeze.control, control.status == .active,
                  control.endOn == endOn, !control.warningsSent.contains(threshold) else { return false }
            let today = CalendarDate(context.at)
            let daysLeft = today.days(until: endOn)
            // A 7-day warning also stands for the 30-day one, which is not sent afterwards.
            control.warningsSent = warnings.filter { $0 >= threshold }
            freeze.control = control
            try tx.controls.update(freeze)
            let message = "freeze \(freeze.id) at \(freeze.institution) ends on \(endOn), in \(daysLeft) days; renew it before then or it lapses"
            _ = try tx.controls.append(Reminder(kind: .freezeExpiring, caseNumber: freeze.caseNumber, institution: freeze.institution,
                                       handlingJudge: freeze.handlingJudge, requestID: freeze.id, at: context.at,
                                       daysLeft: daysLeft, message: message))
            try effects.node("control_reminder", freeze, note: message)
            return true
        }
    }

    private func remindNotReceived(_ id: String) async throws -> Bool {
        let days = workflow.policy.deductionArrivalDays
        return try await write(kind: "not-received", subject: id, detail: "") { tx, context, effects in
            guard var request = try tx.controls.request(id), request.receiptID == nil, request.receiptReminded != true,
                  case .deduction(let moved, _, _)? = request.answer else { return false }
            request.receiptReminded = true
            try tx.controls.update(request)
            let message = "\(request.institution) answered deduction \(request.id) with \(moved) moved into escrow account "
                + "\(request.escrowAccount?.description ?? "-")" + (request.transferReference.map { " (transfer \($0))" } ?? "")
                + ", and no receipt has brought it in within \(days) days"
            _ = try tx.controls.append(Reminder(kind: .deductionNotReceived, caseNumber: request.caseNumber, institution: request.institution,
                                       handlingJudge: request.handlingJudge, requestID: request.id, at: context.at, message: message))
            try effects.node("control_reminder", request, note: message)
            return true
        }
    }

    private func expire(_ id: String, endsOn: CalendarDate) async throws -> Bool {
        try await write(kind: "standing-expired", subject: id, detail: "\(endsOn)") { tx, _, effects in
            guard let order = try tx.controls.standingOrder(id), order.status == .active else { return false }
            try effects.fillStandingOrders(order.caseNumber)
            return try tx.controls.standingOrder(id)?.status == .expired
        }
    }

    private func lapse(_ id: String, endOn: CalendarDate) async throws -> Bool {
        try await write(kind: "lapsed", subject: id, detail: "\(endOn)") { tx, context, effects in
            guard var freeze = try tx.controls.request(id), freeze.control?.status == .active, freeze.control?.endOn == endOn else { return false }
            try effects.lapse(&freeze)
            let message = "freeze \(freeze.id) at \(freeze.institution) was not renewed by \(endOn) and has lapsed"
            _ = try tx.controls.append(Reminder(kind: .freezeLapsed, caseNumber: freeze.caseNumber, institution: freeze.institution,
                                       handlingJudge: freeze.handlingJudge, requestID: freeze.id, at: context.at, message: message))
            return true
        }
    }

    private func requery(_ number: CaseNumber, round: Int) async throws -> Bool {
        let targets = workflow.institutions.connected
        let policy = workflow.policy
        return try await write(kind: "requery", subject: number.description, detail: "\(round)") { tx, context, effects in
            guard let record = try tx.cases.record(number), let closing = record.closing, closing.mode == .terminationOfRound else {
                try tx.controls.scheduleRequery(number, round: nil, on: nil)
                return false
            }
            if !targets.isEmpty {
                _ = try ControlWorkflow.insertQueries(
                    for: record, at: targets, documentNumber: closing.documentNumber,
                    note: "终本后自动复查 \(round)/\(policy.requeryRounds)", by: Self.caller, context: context, tx: tx, nodes: effects.nodes)
            }
            if round < policy.requeryRounds {
                try tx.controls.scheduleRequery(number, round: round + 1, on: policy.requeryDay(round: round + 1, closedOn: closing.on))
            } else {
                try tx.controls.scheduleRequery(number, round: nil, on: nil)
            }
            return true
        }
    }

    /// Case numbers carry CJK characters; request ids are ASCII.
    static func ascii(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    private func write(
        kind: String, subject: String, detail: String,
        _ body: @escaping @Sendable (any StoreTransaction, WriteContext, ControlEffects) throws -> Bool
    ) async throws -> Bool {
        let domain = workflow.domain
        let action = MonitorAction(kind: kind, subject: subject, detail: detail)
        let context = try domain.writeContext(action, caller: Self.caller, requestID: "monitor/\(kind)/\(Self.ascii(subject))/\(detail)")
        let nodes = domain.nodes
        let institutions = workflow.institutions
        let policy = workflow.policy
        return try await domain.store.write(context) { tx in
            let effects = ControlEffects(tx: tx, institutions: institutions, policy: policy, nodes: nodes, at: context.at, by: Self.caller.description)
            return (try body(tx, context, effects), subject)
        }
    }
}
