public import Foundation

/// The deadlines of deterrence measures, run by a background service on the injected clock:
/// a listing whose term ended becomes due for removal; a removal not made within its 3 working
/// days is flagged overdue; a detention's family notice not made within 24 hours and a review
/// not decided within 5 days are flagged; a measure ending within 7 days gets a reminder. Each
/// finding is one step on the measure (the daily exports are the export writer's); request
/// ids derive from the measure and the finding, so a repeated pass writes nothing.
public struct DeterrenceMonitor: Sendable {
    public static let caller = Caller(principal: .system("deterrence-monitor"))

    public struct Report: Hashable, Sendable {
        public var termsEnded = 0
        public var removalsOverdue = 0
        public var familyNoticesOverdue = 0
        public var reviewsOverdue = 0
        public var endingSoon = 0

        public init() {}
    }

    public let deterrence: DeterrenceWorkflow

    public init(deterrence: DeterrenceWorkflow) { self.deterrence = deterrence }

    @discardableResult
    public func sweep() async throws -> Report {
        let domain = deterrence.domain
        let now = domain.clock.now()
        let today = CalendarDate(now)
        let (policy, calendar) = (deterrence.policy, deterrence.calendar)
        var report = Report()
        var after: Int64 = 0
        while true {
            let filter = MeasureFilter(status: .inForce, after: after, limit: 500)
            let page = try await domain.store.read { reader in try reader.measures.list(filter) }
            for measure in page {
                var findings: [(MeasureStep.Kind, String)] = []
                if measure.kind == .dishonestList, measure.removal == nil, let end = measure.endOn, end < today {
                    findings.append((.removalDue, "term ended \(end)"))
                }
                if let removal = measure.removal, removal.dueOn < today, removal.overdueFlaggedOn == nil {
                    findings.append((.removalOverdue, "removal due by \(removal.dueOn)"))
                }
                if let due = measure.familyNoticeDueBy, measure.familyNotifiedAt == nil, due < now,
                   !measure.steps.contains(where: { $0.kind == .familyNoticeOverdue }) {
                    findings.append((.familyNoticeOverdue, "family not told within \(policy.familyNoticeHours) hours"))
                }
                if let decideBy = measure.reviewDecideBy, measure.reviewDecidedOn == nil, decideBy < today,
                   !measure.steps.contains(where: { $0.kind == .reviewOverdue }) {
                    findings.append((.reviewOverdue, "review not decided by \(decideBy)"))
                }
                if let end = measure.endOn, measure.kind != .detention, end >= today, today.days(until: end) <= policy.endingReminderDays,
                   !measure.steps.contains(where: { $0.kind == .endingSoon }) {
                    findings.append((.endingSoon, "ends on \(end)"))
                }
                for (kind, note) in findings {
                    let action = DeterrenceMonitorAction(measureID: measure.id, finding: kind.rawValue)
                    let context = try domain.writeContext(action, caller: Self.caller, requestID: "deterrence-monitor/\(measure.id)/\(kind.rawValue)")
                    let written: Bool = try await domain.store.write(context) { tx in
                        var current = try DeterrenceWorkflow.load(measure.id, tx.measures)
                        guard current.isInForce else { return (false, measure.id) }
                        switch kind {
                        case .removalDue:
                            guard current.removal == nil else { return (false, measure.id) }
                            return (!(try DeterrenceWorkflow.markRemovalDue(current.caseNumber, event: .termEnded, debtorIndex: current.debtorIndex,
                                                                            document: nil, tx: tx, context: context, policy: policy,
                                                                            calendar: calendar, only: current.id)).isEmpty, measure.id)
                        case .removalOverdue:
                            guard current.removal?.overdueFlaggedOn == nil else { return (false, measure.id) }
                            current.removal?.overdueFlaggedOn = today
                        default:
                            guard !current.steps.contains(where: { $0.kind == kind }) else { return (false, measure.id) }
                        }
                        current.steps.append(MeasureStep(kind: kind, at: context.at, by: Self.caller.description, note: note))
                        try tx.measures.update(current)
                        return (true, measure.id)
                    }
                    guard written else { continue }
                    switch kind {
                    case .removalDue: report.termsEnded += 1
                    case .removalOverdue: report.removalsOverdue += 1
                    case .familyNoticeOverdue: report.familyNoticesOverdue += 1
                    case .reviewOverdue: report.reviewsOverdue += 1
                    default: report.endingSoon += 1
                    }
                }
            }
            guard let last = page.last, page.count == 500 else { break }
            after = last.position
        }
        return report
    }
}

struct DeterrenceMonitorAction: CaseCommand, Hashable {
    static let action = "deterrence.monitor"
    var measureID: String
    var finding: String
}
