public import Foundation
import Crypto

/// Supervision's background pass, on the injected clock: reads every watch that is at least yellow
/// today (by an index on the rule and base day) and the money held in escrow, compares them with
/// the open alerts, and writes (500 changes a transaction) the new alerts, the yellow ones turned
/// red, and the closing of those whose condition ended. Each opening and each turn to red sends one
/// reminder to the handling judge through the notification outbox, and for an institution's overdue
/// answer one to the institution's contact: once per alert and step, because each step happens once.
///
/// Each write checks each change against what is stored (one open alert per key; the alert as
/// planned), so servers sharing a database running the pass at the same moment change each alert once.
public struct SupervisionMonitor: Sendable {
    public static let caller = Caller(principal: .system("supervision"))

    public struct Report: Hashable, Codable, Sendable {
        public var opened = 0
        public var raised = 0
        public var lowered = 0
        public var closed = 0
        /// Open alerts after the pass.
        public var open = 0

        public init() {}

        public var changed: Bool { opened + raised + lowered + closed > 0 }
    }

    public let domain: Domain
    public let policy: SupervisionPolicy

    public init(domain: Domain, policy: SupervisionPolicy = .standard) {
        self.domain = domain
        self.policy = policy
    }

    /// One change a pass makes.
    enum Change: Hashable, Sendable {
        /// A watch to open an alert for: by its key (read in full when written), or in full (held money).
        case open(DueWatch, AlertSeverity, SupervisionWatch?)
        case severity(AlertState, AlertSeverity)
        case close(AlertState)

        var key: String {
            switch self {
            case .open(let watch, let severity, _): "open \(watch.key) \(severity.rawValue) \(watch.baseOn)"
            case .severity(let alert, let severity): "\(alert.id) \(severity.rawValue)"
            case .close(let alert): "\(alert.id) closed"
            }
        }
    }

    @discardableResult
    public func sweep() async throws -> Report {
        let today = domain.clock.today()
        let policy = policy
        let planned = try await domain.store.read { reader in
            try Self.plan(reader.supervision, reader.ledger, reader.cases, today: today, policy: policy)
        }
        var report = Report()
        report.open = planned.open
        for start in stride(from: 0, to: planned.changes.count, by: Self.changesPerWrite) {
            let chunk = Array(planned.changes[start..<min(start + Self.changesPerWrite, planned.changes.count)])
            let done = try await apply(chunk, today: today)
            report.opened += done.opened
            report.raised += done.raised
            report.lowered += done.lowered
            report.closed += done.closed
            report.open += done.opened - done.closed
        }
        if report.changed { domain.feed.publish() }
        return report
    }

    /// Changes written per transaction: a first pass over a large backlog is many short writes, not
    /// one that holds the store.
    public static let changesPerWrite = 500

    /// Writes some of a pass's changes in one transaction, each checked against what is stored now
    /// (another server may have made it already, or the alert moved on): a change no longer due is skipped.
    func apply(_ changes: [Change], today: CalendarDate) async throws -> Report {
        // The request id names the changes: a second server planning the same ones replays this answer.
        let digest = SHA256.hash(data: Data(changes.map(\.key).joined(separator: "\n").utf8)).prefix(12).hexadecimal
        let context = try domain.writeContext(SupervisionPass(day: today, changes: changes.count, digest: digest),
                                             caller: Self.caller, requestID: "supervision/\(today)/\(digest)")
        let institutions = domain.institutions
        let nodes = domain.nodes
        return try await domain.store.write(context) { tx in
            var report = Report()
            for change in changes {
                switch change {
                case .open(let due, let severity, let full):
                    guard try tx.supervision.openAlert(key: due.key) == nil, let watch = try full ?? tx.supervision.watch(due), watch.baseOn == due.baseOn
                    else { continue }
                    let judge = try watch.caseNumber.flatMap { try tx.cases.record($0)?.handlingJudge }
                    let institution = watch.institution.map { institutions.institution($0)?.name ?? $0 }
                    let alert = try tx.supervision.insert(Alert(
                        key: watch.key, rule: watch.rule, severity: severity, court: watch.court, caseNumber: watch.caseNumber, handlingJudge: judge,
                        institution: watch.institution, baseOn: watch.baseOn,
                        message: Self.message(watch.rule, base: watch.baseOn, item: watch.item, institution: institution, nodes: nodes), openedAt: context.at))
                    try Self.remind(alert, tx: tx, institutions: institutions, at: context.at)
                    report.opened += 1
                case .severity(let planned, let severity):
                    guard var alert = try tx.supervision.alert(planned.id), alert.isOpen, alert.severity == planned.severity,
                          alert.baseOn == planned.baseOn else { continue }
                    let raised = severity > alert.severity
                    alert.severity = severity
                    if raised, alert.redAt == nil { alert.redAt = context.at }
                    let saved = try tx.supervision.update(alert)
                    if raised {
                        try Self.remind(saved, tx: tx, institutions: institutions, at: context.at)
                        report.raised += 1
                    } else {
                        report.lowered += 1
                    }
                case .close(let planned):
                    guard var alert = try tx.supervision.alert(planned.id), alert.isOpen else { continue }
                    alert.closedAt = context.at
                    _ = try tx.supervision.update(alert)
                    report.closed += 1
                }
            }
            return (report, "supervision \(today)")
        }
    }

    /// What a pass would change today, from one snapshot.
    static func plan(_ supervision: any SupervisionReader, _ ledger: any LedgerReader, _ cases: any CaseReader, today: CalendarDate,
                     policy: SupervisionPolicy) throws -> (changes: [Change], open: Int) {
        var due: [String: (watch: DueWatch, severity: AlertSeverity, full: SupervisionWatch?)] = [:]
        for rule in SupervisionRule.allCases where rule != .fundsHeld {
            guard let cutoffs = policy.cutoffs(rule, on: today) else { continue }
            for watch in try supervision.dueWatches(rule, baseOnOrBefore: cutoffs.yellow) {
                if let severity = cutoffs.severity(base: watch.baseOn) { due[watch.key] = (watch, severity, nil) }
            }
        }
        if let cutoffs = policy.cutoffs(.fundsHeld, on: today) {
            for watch in try heldMoney(ledger, cases) {
                if let severity = cutoffs.severity(base: watch.baseOn) { due[watch.key] = (DueWatch(watch), severity, watch) }
            }
        }
        let open = try supervision.openAlertStates(court: nil)
        var changes: [Change] = []
        var seen: Set<String> = []
        for alert in open.sorted(by: { $0.id < $1.id }) {
            seen.insert(alert.key)
            guard let found = due[alert.key] else {
                changes.append(.close(alert))
                continue
            }
            guard found.watch.baseOn == alert.baseOn else {
                // The condition moved (a node recorded, a renewed freeze, a new due day): the old one ended.
                changes.append(.close(alert))
                changes.append(.open(found.watch, found.severity, found.full))
                continue
            }
            if found.severity != alert.severity { changes.append(.severity(alert, found.severity)) }
        }
        for (_, found) in due.filter({ !seen.contains($0.key) }).sorted(by: { $0.key < $1.key }) {
            changes.append(.open(found.watch, found.severity, found.full))
        }
        return (changes, open.count)
    }

    /// Case money held in escrow accounts: the day the oldest money not yet paid out arrived, for
    /// accounts with no recorded reason to hold it whose case is not suspended.
    static func heldMoney(_ ledger: any LedgerReader, _ cases: any CaseReader) throws -> [SupervisionWatch] {
        var watches: [SupervisionWatch] = []
        var after = ""
        while true {
            let page = try ledger.fundedEscrowAccounts(after: after, limit: 500)
            for account in page where account.hold == nil {
                guard let number = account.caseNumber, let record = try cases.record(number), record.status == .pending,
                      let arrival = FundsMonitor.oldestUnpaidArrival(account, try ledger.transfers(account: account.id, caseNumber: nil, after: 0, limit: 100_000))
                else { continue }
                watches.append(SupervisionWatch(rule: .fundsHeld, court: number.court, caseNumber: number, baseOn: CalendarDate(arrival.at),
                                                source: "escrow:\(account.id)"))
            }
            guard let last = page.last, page.count == 500 else { break }
            after = last.id
        }
        return watches
    }

    /// The reminders of one step of an alert: the handling judge (by the case's court), and for an
    /// overdue answer the institution's contact.
    static func remind(_ alert: Alert, tx: any StoreTransaction, institutions: InstitutionRegistry, at: Date) throws {
        guard let number = alert.caseNumber else { return }
        let step = alert.severity.rawValue
        let label = alert.severity == .red ? "红色预警" : "黄色预警"
        _ = try tx.outbox.append(OutboxMessage(
            caseNumber: number, recipient: .handlingJudge, name: alert.handlingJudge ?? "承办法官", template: "supervision_\(alert.rule.rawValue)",
            text: "【执行监督·\(label)】案件\(number)：\(alert.message)。请及时处理。", reference: "alert:\(alert.id):\(step)", createdAt: at))
        if alert.rule == .answerOverdue, let id = alert.institution, let institution = institutions.institution(id), let contact = institution.contact {
            _ = try tx.outbox.append(OutboxMessage(
                caseNumber: number, recipient: .institution, name: contact.name, phone: contact.phone, template: "supervision_\(alert.rule.rawValue)",
                text: "【执行监督·\(label)】\(institution.name)\(contact.name)您好：案件\(number)的协助执行请求\(alert.message)，请尽快反馈。",
                reference: "alert:\(alert.id):\(step):institution", createdAt: at))
        }
    }

    /// The alert's text, in Chinese as the courts read it.
    static func message(_ rule: SupervisionRule, base: CalendarDate, item: String, institution: String?, nodes: ProcessNodeCatalogue) -> String {
        switch rule {
        case .passiveHandling: "自\(base)起未记录任何执行节点"
        case .nodeDeadline: "节点“\(nodes.node(item)?.nameZh ?? item)”应于\(base)前完成"
        case .caseDue: "审限届满日为\(base)"
        case .fundsHeld: "案款于\(base)到账，尚未发放且未记录法定事由"
        case .freezeLapse: "\(institution ?? "")的冻结于\(base)到期，尚未续冻"
        case .answerOverdue: "应由\(institution ?? "协助单位")于\(base)前反馈"
        case .removalLate: "失信名单应于\(base)前删除"
        case .delegationOverdue: "委托执行事项应于\(base)前完成或报告进展"
        }
    }
}

struct SupervisionPass: CaseCommand, Hashable {
    static let action = "supervision.pass"
    var day: CalendarDate
    var changes: Int
    var digest: String
}
